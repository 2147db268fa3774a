import type zlib from 'node:zlib';
import { Code } from './code.js';
import type { Frame } from './frame-decoder.js';
import { lazyBuiltin } from './lazy-module.js';
import { RpcError } from './rpc-error.js';

/** Loaded on the first compressed message: most processes never see one. */
const zlibModule = lazyBuiltin<typeof zlib>('node:zlib');

/**
 * Our `grpc-accept-encoding`. gzip is the one encoding every peer can produce, and Go gzips its
 * responses whenever the request advertises it (triple.md §2, "Compression").
 */
export const ACCEPT_ENCODING = 'gzip';

/** Longest peer-supplied encoding name echoed into an error message. */
const MAX_ECHO = 64;

/** Compresses one message for a frame with the compressed flag and `grpc-encoding: gzip`. */
export function gzipMessage(data: Uint8Array): Buffer {
  return zlibModule().gzipSync(data);
}

/**
 * The message of a frame, inflated when its compressed flag is set (triple.md §2: "inflate any frame
 * with flag=1, using the response's `grpc-encoding`"). An uncompressed frame is returned as is.
 *
 * @param encoding - the stream's `grpc-encoding` header, if any.
 * @param maxMessageBytes - cap on the inflated size, so a small gzip bomb cannot exhaust memory.
 * @throws RpcError Internal (flag set without an encoding, corrupt data), Unimplemented (unknown
 *   encoding, as Java answers it), ResourceExhausted (inflated size above the cap).
 */
export function decodeFrameMessage(
  frame: Frame,
  encoding: string | undefined,
  maxMessageBytes: number,
): Buffer {
  if (!frame.compressed) return frame.data;
  if (encoding === undefined || encoding === '' || encoding === 'identity') {
    throw new RpcError(Code.Internal, 'received a compressed message but the stream has no grpc-encoding');
  }
  if (encoding !== 'gzip') {
    throw new RpcError(Code.Unimplemented, `unsupported grpc-encoding "${encoding.slice(0, MAX_ECHO)}"`);
  }
  let data: Buffer;
  try {
    // zlib rejects a maxOutputLength of 0; a limit of 0 is enforced by the check below instead.
    data = zlibModule().gunzipSync(frame.data, { maxOutputLength: Math.max(1, maxMessageBytes) });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxMessageBytes, error);
    throw new RpcError(Code.Internal, 'invalid gzip data', { cause: error });
  }
  if (data.length > maxMessageBytes) throw tooLarge(maxMessageBytes, undefined);
  return data;
}

function tooLarge(maxMessageBytes: number, cause: unknown): RpcError {
  return new RpcError(
    Code.ResourceExhausted,
    `decompressed message exceeds the limit of ${maxMessageBytes} bytes`,
    cause === undefined ? {} : { cause },
  );
}
