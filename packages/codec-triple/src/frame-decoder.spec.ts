import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Code } from './code.js';
import { type Frame, FrameDecoder } from './frame-decoder.js';
import { encodeFrame } from './frame-encoder.js';
import { RpcError } from './rpc-error.js';

const hex = (text: string): Buffer => Buffer.from(text.replaceAll(' ', ''), 'hex');

function splitAt(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

function decodeAll(decoder: FrameDecoder, chunks: readonly Buffer[]): Frame[] {
  const frames: Frame[] = [];
  for (const chunk of chunks) frames.push(...decoder.push(chunk));
  decoder.finish();
  return frames;
}

function thrown(fn: () => unknown): RpcError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RpcError);
    return error as RpcError;
  }
  throw new Error('expected a throw');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('FrameDecoder', () => {
  it('decodes the empty message 00 00 00 00 00 (triple.md §3)', () => {
    const frames = new FrameDecoder().push(hex('00 00 00 00 00'));
    expect(frames).toHaveLength(1);
    expect(frames[0]!.compressed).toBe(false);
    expect(frames[0]!.data.length).toBe(0);
  });

  it('decodes the health-check reply of triple.md §10.12', () => {
    const [frame] = new FrameDecoder().push(hex('00 00 00 00 02 08 01'));
    expect(frame!.data.toString('hex')).toBe('0801');
  });

  it('returns a view, not a copy, for a chunk holding exactly one frame', () => {
    const chunk = encodeFrame(Uint8Array.of(1, 2, 3));
    const alloc = vi.spyOn(Buffer, 'allocUnsafe');
    const [frame] = new FrameDecoder().push(chunk);
    expect(frame!.data.buffer).toBe(chunk.buffer);
    expect(frame!.data.byteOffset).toBe(chunk.byteOffset + 5);
    expect(alloc).not.toHaveBeenCalled();
  });

  it('returns views for many frames in one chunk', () => {
    const chunk = Buffer.concat([encodeFrame(Uint8Array.of(1)), encodeFrame(Uint8Array.of(2, 3), true)]);
    const frames = new FrameDecoder().push(chunk);
    expect(frames.map((f) => [f.compressed, [...f.data]])).toEqual([
      [false, [1]],
      [true, [2, 3]],
    ]);
    for (const f of frames) expect(f.data.buffer).toBe(chunk.buffer);
  });

  it('handles a header split across chunks, byte by byte', () => {
    const decoder = new FrameDecoder();
    const bytes = encodeFrame(Uint8Array.of(4, 5, 6));
    const frames: Frame[] = [];
    for (let i = 0; i < bytes.length; i++) {
      frames.push(...decoder.push(bytes.subarray(i, i + 1)));
      expect(decoder.bufferedBytes).toBe(i + 1 === bytes.length ? 0 : i + 1);
    }
    expect(frames.map((f) => [...f.data])).toEqual([[4, 5, 6]]);
    decoder.finish();
  });

  it('decodes any messages, concatenated and split anywhere, to the same messages in order', () => {
    const message = fc.record({ data: fc.uint8Array({ maxLength: 300 }), compressed: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (messages, cuts) => {
          const wire = Buffer.concat(messages.map((m) => encodeFrame(m.data, m.compressed)));
          const decoder = new FrameDecoder();
          const frames = decodeAll(decoder, splitAt(wire, cuts));
          expect(frames.map((f) => ({ data: new Uint8Array(f.data), compressed: f.compressed }))).toEqual(
            messages,
          );
          expect(decoder.bufferedBytes).toBe(0);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never fails on garbage with anything but an RpcError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(), { maxLength: 10 }), (bytes, cuts) => {
        const decoder = new FrameDecoder({ maxMessageBytes: 1000 });
        try {
          decodeAll(decoder, splitAt(Buffer.from(bytes), cuts));
        } catch (error) {
          expect(error).toBeInstanceOf(RpcError);
          expect([Code.Internal, Code.ResourceExhausted]).toContain((error as RpcError).code);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects a length prefix above the limit before allocating, even at 0xFFFFFFFF', () => {
    const byDefault = new FrameDecoder();
    const decoder = new FrameDecoder({ maxMessageBytes: 10 });
    const alloc = vi.spyOn(Buffer, 'allocUnsafe');
    const allocSafe = vi.spyOn(Buffer, 'alloc');
    const started = performance.now();
    const whole = thrown(() => byDefault.push(hex('00 ff ff ff ff')));
    expect(whole.code).toBe(Code.ResourceExhausted);
    expect(whole.rawMessage).toBe('message of 4294967295 bytes exceeds the limit of 4194304 bytes');

    expect(decoder.push(hex('00 ff'))).toEqual([]);
    const split = thrown(() => decoder.push(hex('ff ff ff 01 02')));
    expect(split.rawMessage).toBe('message of 4294967295 bytes exceeds the limit of 10 bytes');
    expect(alloc).not.toHaveBeenCalled();
    expect(allocSafe).not.toHaveBeenCalled();
    expect(decoder.bufferedBytes).toBe(0);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('accepts a message of exactly the limit', () => {
    const frames = new FrameDecoder({ maxMessageBytes: 3 }).push(encodeFrame(Uint8Array.of(1, 2, 3)));
    expect(frames).toHaveLength(1);
    expect(thrown(() => new FrameDecoder({ maxMessageBytes: 2 }).push(hex('00 00 00 00 03'))).code).toBe(
      Code.ResourceExhausted,
    );
  });

  it('rejects reserved flag bits (triple.md §3) and stays failed', () => {
    for (const flag of [0x02, 0x03, 0x80, 0xff]) {
      const decoder = new FrameDecoder();
      const error = thrown(() => decoder.push(Buffer.from([flag, 0, 0, 0, 0])));
      expect(error.code).toBe(Code.Internal);
      expect(thrown(() => decoder.push(hex('00 00 00 00 00')))).toBe(error);
      expect(thrown(() => decoder.finish())).toBe(error);
    }
  });

  it('rejects a bad flag in a later frame of the same chunk', () => {
    const decoder = new FrameDecoder();
    const error = thrown(() => decoder.push(hex('00 00 00 00 01 aa 04 00 00 00 00')));
    expect(error.code).toBe(Code.Internal);
  });

  it('fails finish() inside a frame, in the header or in the message', () => {
    const inHeader = new FrameDecoder();
    inHeader.push(hex('00 00'));
    expect(thrown(() => inHeader.finish()).code).toBe(Code.Internal);

    const inMessage = new FrameDecoder();
    inMessage.push(hex('00 00 00 00 05 01 02'));
    expect(inMessage.bufferedBytes).toBe(7);
    const error = thrown(() => inMessage.finish());
    expect(error.rawMessage).toMatch(/^stream ended inside a frame/);
    expect(thrown(() => inMessage.push(hex('03 04 05')))).toBe(error);
  });

  it('ignores empty chunks', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(Buffer.alloc(0))).toEqual([]);
    decoder.push(hex('00 00'));
    expect(decoder.push(Buffer.alloc(0))).toEqual([]);
    expect(decoder.bufferedBytes).toBe(2);
  });

  it('rejects an invalid limit', () => {
    expect(thrown(() => new FrameDecoder({ maxMessageBytes: -1 })).code).toBe(Code.InvalidArgument);
    expect(thrown(() => new FrameDecoder({ maxMessageBytes: Number.NaN })).code).toBe(Code.InvalidArgument);
  });
});
