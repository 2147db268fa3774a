import { ConnectionError } from './connection-error.js';
import { FRAME_HEADER_BYTES, FRAME_SIZE_ERROR } from './frame-types.js';

/** Receives whole frames from a FrameReader. `payload` is only valid during the call unless copied. */
export type FrameHandler = (type: number, flags: number, streamId: number, payload: Buffer) => void;

/**
 * Cuts a byte stream into HTTP/2 frames. Whole frames inside a socket chunk are handed on as
 * views of that chunk (no copy); only a frame split across chunks is gathered. A declared length
 * over the limit throws before anything is buffered, so a hostile peer cannot make us hold 16 MiB.
 */
export class FrameReader {
  /** Bytes of a frame whose end has not arrived yet. */
  private partial: Buffer | undefined;

  constructor(
    private readonly onFrame: FrameHandler,
    /** Our SETTINGS_MAX_FRAME_SIZE: a longer frame is a FRAME_SIZE_ERROR (RFC 9113 §4.2). */
    private readonly maxFrameBytes: number,
  ) {}

  /** Feeds one chunk; calls the handler for every frame it completes, in order. */
  push(chunk: Buffer): void {
    let data = chunk;
    if (this.partial !== undefined) {
      data = Buffer.concat([this.partial, chunk]);
      this.partial = undefined;
    }
    let offset = 0;
    const end = data.length;
    while (end - offset >= FRAME_HEADER_BYTES) {
      const length = (data[offset]! << 16) | (data[offset + 1]! << 8) | data[offset + 2]!;
      if (length > this.maxFrameBytes) {
        throw new ConnectionError(
          FRAME_SIZE_ERROR,
          `frame of ${length} bytes exceeds SETTINGS_MAX_FRAME_SIZE ${this.maxFrameBytes}`,
        );
      }
      const frameEnd = offset + FRAME_HEADER_BYTES + length;
      if (frameEnd > end) break;
      const type = data[offset + 3]!;
      const flags = data[offset + 4]!;
      // The reserved top bit of the stream id is ignored on receipt (RFC 9113 §4.1).
      const streamId = data.readUInt32BE(offset + 5) & 0x7fffffff;
      const payload = data.subarray(offset + FRAME_HEADER_BYTES, frameEnd);
      offset = frameEnd;
      this.onFrame(type, flags, streamId, payload);
    }
    if (offset < end) this.partial = Buffer.from(data.subarray(offset));
  }

  /** Bytes held for an incomplete frame (tests; a connection closing with a partial frame). */
  get bufferedBytes(): number {
    return this.partial?.length ?? 0;
  }
}
