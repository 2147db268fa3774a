import {
  FLAG_ACK,
  FLAG_END_HEADERS,
  FRAME_CONTINUATION,
  FRAME_GOAWAY,
  FRAME_HEADER_BYTES,
  FRAME_HEADERS,
  FRAME_PING,
  FRAME_RST_STREAM,
  FRAME_SETTINGS,
  FRAME_WINDOW_UPDATE,
} from './frame-types.js';

// Serialises the frames the client sends. Each function returns one Buffer the connection writes
// as it is; DATA frames are written by the stream (it splits them by window and frame size).

/** Writes a 9-byte frame header at `offset`. */
export function writeFrameHeader(
  target: Buffer,
  offset: number,
  length: number,
  type: number,
  flags: number,
  streamId: number,
): void {
  target[offset] = length >>> 16;
  target[offset + 1] = (length >>> 8) & 0xff;
  target[offset + 2] = length & 0xff;
  target[offset + 3] = type;
  target[offset + 4] = flags;
  target.writeUInt32BE(streamId, offset + 5);
}

/** A frame with `payload` copied after its header. */
export function frame(type: number, flags: number, streamId: number, payload?: Uint8Array): Buffer {
  const length = payload?.length ?? 0;
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  writeFrameHeader(out, 0, length, type, flags, streamId);
  if (payload) out.set(payload, FRAME_HEADER_BYTES);
  return out;
}

/**
 * HEADERS (plus CONTINUATION frames when the block is longer than the peer's frame size), as one
 * buffer. `flags` may carry END_STREAM; END_HEADERS goes on the last frame.
 */
export function headersFrames(
  streamId: number,
  block: Uint8Array,
  flags: number,
  maxFrameBytes: number,
): Buffer {
  if (block.length <= maxFrameBytes) {
    const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + block.length);
    writeFrameHeader(out, 0, block.length, FRAME_HEADERS, flags | FLAG_END_HEADERS, streamId);
    out.set(block, FRAME_HEADER_BYTES);
    return out;
  }
  const frames = Math.ceil(block.length / maxFrameBytes);
  const out = Buffer.allocUnsafe(frames * FRAME_HEADER_BYTES + block.length);
  let offset = 0;
  for (let start = 0, i = 0; start < block.length; start += maxFrameBytes, i++) {
    const end = Math.min(block.length, start + maxFrameBytes);
    const last = end === block.length;
    const type = i === 0 ? FRAME_HEADERS : FRAME_CONTINUATION;
    const frameFlags = (i === 0 ? flags : 0) | (last ? FLAG_END_HEADERS : 0);
    writeFrameHeader(out, offset, end - start, type, frameFlags, streamId);
    out.set(block.subarray(start, end), offset + FRAME_HEADER_BYTES);
    offset += FRAME_HEADER_BYTES + end - start;
  }
  return out;
}

/** SETTINGS with the given (id, value) pairs. */
export function settingsFrame(settings: ReadonlyArray<readonly [number, number]>): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + settings.length * 6);
  writeFrameHeader(out, 0, settings.length * 6, FRAME_SETTINGS, 0, 0);
  let offset = FRAME_HEADER_BYTES;
  for (const [id, value] of settings) {
    out.writeUInt16BE(id, offset);
    out.writeUInt32BE(value, offset + 2);
    offset += 6;
  }
  return out;
}

export const SETTINGS_ACK_FRAME: Buffer = frame(FRAME_SETTINGS, FLAG_ACK, 0);

export function windowUpdateFrame(streamId: number, increment: number): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + 4);
  writeFrameHeader(out, 0, 4, FRAME_WINDOW_UPDATE, 0, streamId);
  out.writeUInt32BE(increment, FRAME_HEADER_BYTES);
  return out;
}

export function rstStreamFrame(streamId: number, code: number): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + 4);
  writeFrameHeader(out, 0, 4, FRAME_RST_STREAM, 0, streamId);
  out.writeUInt32BE(code, FRAME_HEADER_BYTES);
  return out;
}

export function pingFrame(payload: Uint8Array, ack: boolean): Buffer {
  return frame(FRAME_PING, ack ? FLAG_ACK : 0, 0, payload);
}

export function goawayFrame(lastStreamId: number, code: number, debug?: string): Buffer {
  const text = debug ? Buffer.from(debug, 'utf8') : undefined;
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + 8 + (text?.length ?? 0));
  writeFrameHeader(out, 0, 8 + (text?.length ?? 0), FRAME_GOAWAY, 0, 0);
  out.writeUInt32BE(lastStreamId, FRAME_HEADER_BYTES);
  out.writeUInt32BE(code, FRAME_HEADER_BYTES + 4);
  if (text) out.set(text, FRAME_HEADER_BYTES + 8);
  return out;
}
