import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Code } from './code.js';
import { ACCEPT_ENCODING, decodeFrameMessage, gzipMessage } from './compression.js';
import { FrameDecoder } from './frame-decoder.js';
import { encodeFrame } from './frame-encoder.js';
import { RpcError } from './rpc-error.js';

const LIMIT = 4 * 1024 * 1024;

function thrown(fn: () => unknown): RpcError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RpcError);
    return error as RpcError;
  }
  throw new Error('expected a throw');
}

describe('compression', () => {
  it('advertises gzip', () => {
    expect(ACCEPT_ENCODING).toBe('gzip');
  });

  it('returns an uncompressed frame as is, whatever the encoding', () => {
    const data = Buffer.from('plain');
    expect(decodeFrameMessage({ compressed: false, data }, 'gzip', LIMIT)).toBe(data);
    expect(decodeFrameMessage({ compressed: false, data }, 'br', LIMIT)).toBe(data);
  });

  it('inflates a gzip reply with flag 1 (triple.md §10.11)', () => {
    // The whole path: a compressed frame off the wire, then inflated with the response's grpc-encoding.
    const message = Buffer.from('0a0b48656c6c6f20776f726c64', 'hex');
    const [frame] = new FrameDecoder().push(encodeFrame(gzipSync(message), true));
    expect(frame!.compressed).toBe(true);
    expect(decodeFrameMessage(frame!, 'gzip', LIMIT).equals(message)).toBe(true);
  });

  it('round-trips gzipMessage', () => {
    const data = Buffer.alloc(10_000, 'abc');
    const compressed = gzipMessage(data);
    expect(compressed.length).toBeLessThan(data.length);
    expect(decodeFrameMessage({ compressed: true, data: compressed }, 'gzip', LIMIT).equals(data)).toBe(true);
  });

  it('stops inflating at the limit (a gzip bomb is ResourceExhausted)', () => {
    const bomb = gzipMessage(Buffer.alloc(1024 * 1024));
    expect(bomb.length).toBeLessThan(2048);
    const error = thrown(() => decodeFrameMessage({ compressed: true, data: bomb }, 'gzip', 1000));
    expect(error.code).toBe(Code.ResourceExhausted);
    expect(error.rawMessage).toBe('decompressed message exceeds the limit of 1000 bytes');
    const exact = gzipMessage(Buffer.alloc(1000));
    expect(decodeFrameMessage({ compressed: true, data: exact }, 'gzip', 1000).length).toBe(1000);
  });

  it('enforces a limit of 0', () => {
    const one = gzipMessage(Uint8Array.of(1));
    expect(thrown(() => decodeFrameMessage({ compressed: true, data: one }, 'gzip', 0)).code).toBe(
      Code.ResourceExhausted,
    );
    expect(
      decodeFrameMessage({ compressed: true, data: gzipMessage(new Uint8Array(0)) }, 'gzip', 0).length,
    ).toBe(0);
  });

  it('reports corrupt gzip as Internal with the zlib error as cause', () => {
    const error = thrown(() =>
      decodeFrameMessage({ compressed: true, data: Buffer.from('not gzip') }, 'gzip', LIMIT),
    );
    expect(error.code).toBe(Code.Internal);
    expect(error.rawMessage).toBe('invalid gzip data');
    expect(error.cause).toBeInstanceOf(Error);
    const truncated = gzipMessage(Buffer.from('hello world')).subarray(0, 12);
    expect(thrown(() => decodeFrameMessage({ compressed: true, data: truncated }, 'gzip', LIMIT)).code).toBe(
      Code.Internal,
    );
  });

  it('rejects a compressed frame without an encoding, or with identity, as Internal', () => {
    const frame = { compressed: true, data: gzipMessage(Uint8Array.of(1)) };
    for (const encoding of [undefined, '', 'identity']) {
      expect(thrown(() => decodeFrameMessage(frame, encoding, LIMIT)).code).toBe(Code.Internal);
    }
  });

  it('rejects an unknown encoding as Unimplemented, as Java does (triple.md §2)', () => {
    const frame = { compressed: true, data: Buffer.from([1]) };
    const error = thrown(() => decodeFrameMessage(frame, 'snappy', LIMIT));
    expect(error.code).toBe(Code.Unimplemented);
    expect(error.rawMessage).toContain('"snappy"');
    expect(thrown(() => decodeFrameMessage(frame, 'x'.repeat(10_000), LIMIT)).rawMessage.length).toBeLessThan(
      200,
    );
  });
});
