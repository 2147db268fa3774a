/** gRPC length-prefixed messages (triple.md §3): flag byte, 4-byte big-endian length, message. */

export interface GrpcFrame {
  compressed: boolean;
  message: Buffer;
}

/** Splits a complete request body into frames; throws on a truncated frame or reserved flag bits. */
export function parseGrpcFrames(body: Buffer): GrpcFrame[] {
  const frames: GrpcFrame[] = [];
  let offset = 0;
  while (offset < body.length) {
    if (body.length - offset < 5) throw new RangeError(`truncated frame header at byte ${offset}`);
    const flag = body.readUInt8(offset);
    if ((flag & 0xfe) !== 0) throw new RangeError(`reserved frame flag bits set: 0x${flag.toString(16)}`);
    const length = body.readUInt32BE(offset + 1);
    const start = offset + 5;
    if (body.length - start < length) {
      throw new RangeError(`frame declares ${length} bytes, ${body.length - start} present`);
    }
    frames.push({ compressed: flag === 1, message: body.subarray(start, start + length) });
    offset = start + length;
  }
  return frames;
}

/** One uncompressed frame. */
export function grpcFrame(message: Buffer): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}
