import { encodeFrame, gzipMessage } from '@dubbo-mesh/codec-triple';
import type { CallTarget } from './transport.js';

/**
 * Below this size gzip costs more than it saves; such messages go out with flag 0 even when the
 * call announced `grpc-encoding: gzip`, which gRPC allows per message.
 */
export const COMPRESS_MIN_BYTES = 1024;

/** Encodes one request message and frames it, gzipped when the client asked for compression. */
export function frameRequestMessage(target: CallTarget, message: unknown): Buffer {
  const bytes = target.method.encode(message as never);
  if (target.compression === 'gzip' && bytes.length >= COMPRESS_MIN_BYTES) {
    return encodeFrame(gzipMessage(bytes), true);
  }
  return encodeFrame(bytes);
}
