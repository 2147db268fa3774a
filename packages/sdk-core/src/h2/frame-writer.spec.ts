import { describe, expect, it } from 'vitest';
import { FrameReader } from './frame-reader.js';
import * as f from './frame-types.js';
import {
  goawayFrame,
  headersFrames,
  pingFrame,
  rstStreamFrame,
  SETTINGS_ACK_FRAME,
  settingsFrame,
  windowUpdateFrame,
} from './frame-writer.js';

interface Frame {
  type: number;
  flags: number;
  streamId: number;
  payload: Buffer;
}

function read(bytes: Buffer, maxFrameBytes = f.MAX_ALLOWED_FRAME_BYTES): Frame[] {
  const frames: Frame[] = [];
  const reader = new FrameReader((type, flags, streamId, payload) => {
    frames.push({ type, flags, streamId, payload: Buffer.from(payload) });
  }, maxFrameBytes);
  reader.push(bytes);
  expect(reader.bufferedBytes).toBe(0);
  return frames;
}

function blockOf(length: number): Buffer {
  const block = Buffer.alloc(length);
  for (let i = 0; i < length; i++) block[i] = (i * 31) % 256;
  return block;
}

describe('headersFrames', () => {
  const max = 100;

  it.each([
    [0, 1],
    [1, 1],
    [max - 1, 1],
    [max, 1],
    [max + 1, 2],
    [2 * max, 2],
    [2 * max + 1, 3],
    [3 * max, 3],
  ])('splits a %i-byte block into %i frame(s) of at most the frame size', (length, count) => {
    const block = blockOf(length);
    const frames = read(headersFrames(7, block, f.FLAG_END_STREAM, max));
    expect(frames).toHaveLength(count);
    expect(frames.map((fr) => fr.type)).toEqual([
      f.FRAME_HEADERS,
      ...Array<number>(count - 1).fill(f.FRAME_CONTINUATION),
    ]);
    // END_STREAM belongs to the HEADERS frame only; END_HEADERS to the last frame only.
    expect(frames.map((fr) => fr.flags)).toEqual(
      frames.map((_, i) => (i === 0 ? f.FLAG_END_STREAM : 0) | (i === count - 1 ? f.FLAG_END_HEADERS : 0)),
    );
    expect(frames.every((fr) => fr.streamId === 7 && fr.payload.length <= max)).toBe(true);
    // Every frame but the last is full: the split wastes no frames.
    expect(frames.slice(0, -1).every((fr) => fr.payload.length === max)).toBe(true);
    expect(Buffer.concat(frames.map((fr) => fr.payload)).equals(block)).toBe(true);
  });
});

describe('control frames round-trip through FrameReader', () => {
  it('SETTINGS and its ACK', () => {
    const [settings] = read(
      settingsFrame([
        [f.SETTINGS_ENABLE_PUSH, 0],
        [f.SETTINGS_INITIAL_WINDOW_SIZE, f.MAX_WINDOW_BYTES],
        [f.SETTINGS_MAX_HEADER_LIST_SIZE, 0xffffffff],
      ]),
    );
    expect(settings).toMatchObject({ type: f.FRAME_SETTINGS, flags: 0, streamId: 0 });
    const pairs = [];
    for (let at = 0; at < settings!.payload.length; at += 6) {
      pairs.push([settings!.payload.readUInt16BE(at), settings!.payload.readUInt32BE(at + 2)]);
    }
    expect(pairs).toEqual([
      [f.SETTINGS_ENABLE_PUSH, 0],
      [f.SETTINGS_INITIAL_WINDOW_SIZE, f.MAX_WINDOW_BYTES],
      [f.SETTINGS_MAX_HEADER_LIST_SIZE, 0xffffffff],
    ]);
    expect(read(SETTINGS_ACK_FRAME)).toEqual([
      { type: f.FRAME_SETTINGS, flags: f.FLAG_ACK, streamId: 0, payload: Buffer.alloc(0) },
    ]);
  });

  it('WINDOW_UPDATE', () => {
    const [update] = read(windowUpdateFrame(9, f.MAX_WINDOW_BYTES));
    expect(update).toMatchObject({ type: f.FRAME_WINDOW_UPDATE, flags: 0, streamId: 9 });
    expect(update!.payload.readUInt32BE(0)).toBe(f.MAX_WINDOW_BYTES);
  });

  it('RST_STREAM', () => {
    const [rst] = read(rstStreamFrame(0x7fffffff, 8));
    expect(rst).toMatchObject({ type: f.FRAME_RST_STREAM, flags: 0, streamId: 0x7fffffff });
    expect(rst!.payload.readUInt32BE(0)).toBe(8);
  });

  it('PING and its ACK carry the payload', () => {
    const payload = Buffer.from('01234567');
    expect(read(pingFrame(payload, false))).toEqual([{ type: f.FRAME_PING, flags: 0, streamId: 0, payload }]);
    expect(read(pingFrame(payload, true))).toEqual([
      { type: f.FRAME_PING, flags: f.FLAG_ACK, streamId: 0, payload },
    ]);
  });

  it('GOAWAY with and without debug data', () => {
    const [plain, withDebug] = read(
      Buffer.concat([goawayFrame(5, 0), goawayFrame(0x7fffffff, f.PROTOCOL_ERROR, 'bad frame ü')]),
    );
    expect(plain).toMatchObject({ type: f.FRAME_GOAWAY, flags: 0, streamId: 0 });
    expect(plain!.payload.length).toBe(8);
    expect(plain!.payload.readUInt32BE(0)).toBe(5);
    expect(plain!.payload.readUInt32BE(4)).toBe(0);
    expect(withDebug!.payload.readUInt32BE(0)).toBe(0x7fffffff);
    expect(withDebug!.payload.readUInt32BE(4)).toBe(f.PROTOCOL_ERROR);
    expect(withDebug!.payload.subarray(8).toString('utf8')).toBe('bad frame ü');
  });
});
