import { Code } from './code.js';
import { RpcError } from './rpc-error.js';

/** The length prefix is a uint32 (triple.md §3). */
const MAX_FRAME_LENGTH = 0xffffffff;

/**
 * Frames one message for the wire: a flag byte (bit 0 = compressed), a 4-byte big-endian length,
 * then the message (triple.md §3). One allocation; the message is copied once.
 *
 * @param message - the serialized (and, if `compressed`, already compressed) message.
 * @param compressed - sets the compressed flag; the caller must also send `grpc-encoding`.
 * @throws RpcError ResourceExhausted when the message cannot be described by a uint32 length.
 */
export function encodeFrame(message: Uint8Array, compressed = false): Buffer {
  const length = message.byteLength;
  if (length > MAX_FRAME_LENGTH) {
    throw new RpcError(Code.ResourceExhausted, `message of ${length} bytes does not fit in one frame`);
  }
  // allocUnsafe is safe here: every byte is written below.
  const frame = Buffer.allocUnsafe(5 + length);
  frame[0] = compressed ? 1 : 0;
  frame.writeUInt32BE(length, 1);
  frame.set(message, 5);
  return frame;
}
