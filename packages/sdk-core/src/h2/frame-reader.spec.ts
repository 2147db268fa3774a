import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnectionError } from './connection-error.js';
import { FrameReader } from './frame-reader.js';
import * as f from './frame-types.js';
import { frame, writeFrameHeader } from './frame-writer.js';

interface Frame {
  type: number;
  flags: number;
  streamId: number;
  payload: Buffer;
}

/** A reader that copies every frame it is handed (payloads are views valid only during the call). */
function collecting(maxFrameBytes = f.DEFAULT_MAX_FRAME_BYTES): { reader: FrameReader; frames: Frame[] } {
  const frames: Frame[] = [];
  const reader = new FrameReader((type, flags, streamId, payload) => {
    frames.push({ type, flags, streamId, payload: Buffer.from(payload) });
  }, maxFrameBytes);
  return { reader, frames };
}

const frameArbitrary = fc.record({
  type: fc.integer({ min: 0, max: 255 }),
  flags: fc.integer({ min: 0, max: 255 }),
  streamId: fc.integer({ min: 0, max: 0x7fffffff }),
  payload: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
});

describe('FrameReader', () => {
  it('hands on whole frames from one chunk, in order', () => {
    const { reader, frames } = collecting();
    reader.push(
      Buffer.concat([
        frame(f.FRAME_PING, 0, 0, Buffer.from('12345678')),
        frame(f.FRAME_DATA, f.FLAG_END_STREAM, 3, Buffer.from('hi')),
        frame(f.FRAME_SETTINGS, f.FLAG_ACK, 0),
      ]),
    );
    expect(frames).toEqual([
      { type: f.FRAME_PING, flags: 0, streamId: 0, payload: Buffer.from('12345678') },
      { type: f.FRAME_DATA, flags: f.FLAG_END_STREAM, streamId: 3, payload: Buffer.from('hi') },
      { type: f.FRAME_SETTINGS, flags: f.FLAG_ACK, streamId: 0, payload: Buffer.alloc(0) },
    ]);
    expect(reader.bufferedBytes).toBe(0);
  });

  it('ignores the reserved bit of the stream id (RFC 9113 §4.1)', () => {
    const { reader, frames } = collecting();
    const bytes = frame(f.FRAME_DATA, 0, 5, Buffer.from('x'));
    bytes[5] = bytes[5]! | 0x80;
    reader.push(bytes);
    expect(frames[0]?.streamId).toBe(5);
  });

  it('throws FRAME_SIZE_ERROR on a declared length over the limit as soon as the header is in', () => {
    const { reader, frames } = collecting();
    const header = Buffer.alloc(f.FRAME_HEADER_BYTES);
    writeFrameHeader(header, 0, f.DEFAULT_MAX_FRAME_BYTES + 1, f.FRAME_DATA, 0, 1);
    let thrown: unknown;
    try {
      reader.push(header);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConnectionError);
    expect((thrown as ConnectionError).code).toBe(f.FRAME_SIZE_ERROR);
    expect(frames).toEqual([]);
    expect(reader.bufferedBytes).toBe(0);
  });

  it('accepts a frame of exactly the limit, split anywhere', () => {
    const { reader, frames } = collecting();
    const bytes = frame(f.FRAME_DATA, 0, 1, Buffer.alloc(f.DEFAULT_MAX_FRAME_BYTES, 7));
    reader.push(bytes.subarray(0, 4));
    expect(reader.bufferedBytes).toBe(4);
    reader.push(bytes.subarray(4, 10_000));
    reader.push(bytes.subarray(10_000));
    expect(frames).toHaveLength(1);
    expect(frames[0]?.payload.equals(Buffer.alloc(f.DEFAULT_MAX_FRAME_BYTES, 7))).toBe(true);
  });

  it('yields the same frames for any chunking of a frame sequence', () => {
    fc.assert(
      fc.property(
        fc.array(frameArbitrary, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (sent, cutSeeds) => {
          const bytes = Buffer.concat(sent.map((s) => frame(s.type, s.flags, s.streamId, s.payload)));
          const cuts = [
            ...new Set(cutSeeds.map((seed) => (bytes.length === 0 ? 0 : seed % bytes.length))),
          ].sort((a, b) => a - b);
          const { reader, frames } = collecting();
          let start = 0;
          for (const cut of [...cuts, bytes.length]) {
            reader.push(bytes.subarray(start, cut));
            start = cut;
          }
          expect(frames).toEqual(sent);
          expect(reader.bufferedBytes).toBe(0);
        },
      ),
    );
  });
});
