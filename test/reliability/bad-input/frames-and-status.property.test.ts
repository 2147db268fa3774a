/**
 * The byte-level parsers of codec-triple fed many thousands of hostile inputs per run (issue 6,
 * "Bad input": frames, headers and trailers). Each case is cheap, so the counts are high; every
 * failure must be an RpcError with the code triple.md gives, never a crash or another error type.
 * The unit specs next to the code hold the worked examples; this file is the volume.
 */
import { gzipSync } from 'node:zlib';
import {
  Code,
  checkResponseHeaders,
  decodeFrameMessage,
  encodeFrame,
  FrameDecoder,
  type IncomingHeaders,
  RpcError,
  readAttachments,
  statusFromTrailers,
} from '@dubbo-mesh/codec-triple';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { tally } from '../tally.js';

const AREA = 'frames-and-headers';
let fed = 0;
afterAll(() => tally('badInput', fed, AREA));

/** Runs `fn`; returns the RpcError it threw, fails on any other throw. */
function typedFailure(fn: () => unknown): RpcError | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (!(error instanceof RpcError)) throw new Error(`untyped error: ${String(error)}`, { cause: error });
    return error;
  }
}

/** Splits `bytes` at the given cut points (taken modulo its length). */
function chunked(bytes: Uint8Array, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort(
    (a, b) => a - b,
  );
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(Buffer.from(bytes.subarray(from, point)));
    from = point;
  }
  chunks.push(Buffer.from(bytes.subarray(from)));
  return chunks;
}

const MAX = 64 * 1024;

describe('FrameDecoder under garbage', () => {
  it('answers random bytes in random chunks with frames or INTERNAL / RESOURCE_EXHAUSTED (20,000 cases)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 96 }), fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
        fed++;
        const decoder = new FrameDecoder({ maxMessageBytes: MAX });
        const error = typedFailure(() => {
          for (const chunk of chunked(bytes, cuts)) decoder.push(chunk);
          decoder.finish();
        });
        if (error) expect([Code.Internal, Code.ResourceExhausted]).toContain(error.code);
        // Errors are sticky: the stream has lost its framing.
        if (error) expect(typedFailure(() => decoder.push(Buffer.from([0, 0, 0, 0, 0])))).toBe(error);
      }),
      { numRuns: 20_000 },
    );
  });

  it('refuses any length above the limit, up to 2^32-1, before buffering its body (10,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MAX + 1, max: 0xffffffff }),
        fc.uint8Array({ maxLength: 32 }),
        fc.nat({ max: 4 }),
        (length, body, split) => {
          fed++;
          const header = Buffer.alloc(5);
          header.writeUInt32BE(length, 1);
          const decoder = new FrameDecoder({ maxMessageBytes: MAX });
          const error = typedFailure(() => {
            // The header may arrive in two pieces: the check happens when the fifth byte does.
            decoder.push(header.subarray(0, split));
            expect(decoder.bufferedBytes).toBe(split);
            decoder.push(Buffer.concat([header.subarray(split), body]));
          });
          expect(error?.code).toBe(Code.ResourceExhausted);
          expect(decoder.bufferedBytes).toBe(0);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('refuses every reserved flag value, in any frame of a stream (5,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 20 }), { maxLength: 4 }),
        fc.integer({ min: 2, max: 255 }),
        (good, flag) => {
          fed++;
          const bad = Buffer.from(encodeFrame(new Uint8Array([1, 2, 3])));
          bad[0] = flag;
          const decoder = new FrameDecoder({ maxMessageBytes: MAX });
          const stream = Buffer.concat([...good.map((m) => Buffer.from(encodeFrame(m))), bad]);
          const error = typedFailure(() => decoder.push(stream));
          expect(error?.code).toBe(Code.Internal);
          expect(error?.message).toContain('reserved bits');
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('fails finish() on every truncation that cuts a frame, whatever the chunking (10,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 40 }), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 4 }),
        (messages, cutSeed, cuts) => {
          fed++;
          const frames = messages.map((m) => Buffer.from(encodeFrame(m)));
          const whole = Buffer.concat(frames);
          const cut = cutSeed % whole.length;
          const boundaries = new Set<number>([0]);
          let at = 0;
          for (const frame of frames) {
            at += frame.length;
            boundaries.add(at);
          }
          const decoder = new FrameDecoder({ maxMessageBytes: MAX });
          let decoded = 0;
          const error = typedFailure(() => {
            for (const chunk of chunked(whole.subarray(0, cut), cuts)) decoded += decoder.push(chunk).length;
            decoder.finish();
          });
          if (boundaries.has(cut)) expect(error).toBeUndefined();
          else expect(error?.code).toBe(Code.Internal);
          expect(decoded).toBeLessThanOrEqual(messages.length);
        },
      ),
      { numRuns: 10_000 },
    );
  });
});

describe('compressed frames under garbage', () => {
  it('answers garbage with the compressed flag with INTERNAL (3,000 cases)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        fed++;
        const error = typedFailure(() =>
          decodeFrameMessage({ compressed: true, data: Buffer.from(bytes) }, 'gzip', MAX),
        );
        // An empty or truncated gzip stream is invalid; random bytes virtually never form a valid one.
        if (error) expect(error.code).toBe(Code.Internal);
      }),
      { numRuns: 3_000 },
    );
  });

  it('stops inflating at the limit: any gzip member bigger than it is RESOURCE_EXHAUSTED (1,000 cases)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: 0, max: 30_000 }), (size, limit) => {
        fed++;
        const gzipped = gzipSync(Buffer.alloc(size, 7));
        const error = typedFailure(() =>
          decodeFrameMessage({ compressed: true, data: gzipped }, 'gzip', limit),
        );
        if (size > limit) expect(error?.code).toBe(Code.ResourceExhausted);
        else expect(error).toBeUndefined();
      }),
      { numRuns: 1_000 },
    );
  });

  it('refuses a 1 GiB gzip bomb at a 4 MiB limit without inflating it all', () => {
    fed++;
    // 1 GiB of zeros is about 1 MiB of gzip: built in slices so the test itself stays small.
    const slice = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    // Concatenated gzip members are one valid gzip stream of their concatenated content.
    const bomb = Buffer.concat(Array.from({ length: 16 }, () => slice));
    const before = process.memoryUsage().arrayBuffers;
    const error = typedFailure(() =>
      decodeFrameMessage({ compressed: true, data: bomb }, 'gzip', 4 * 1024 * 1024),
    );
    expect(error?.code).toBe(Code.ResourceExhausted);
    // Not a timing or exact-memory assertion: inflating it all would hold 1 GiB.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(256 * 1024 * 1024);
  });
});

/** Header values as a hostile peer might send them (node:http2 hands us strings). */
const headerValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '0', '16', '17', '-1', '1.0', '1e1', '０', '%', '%zz', '%E2%82', 'NaN'),
);

describe('status and attachments under garbage', () => {
  it('reads any grpc-status and grpc-message as a code 0..16 and a capped message (10,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.option(headerValue, { nil: undefined }),
        fc.option(fc.oneof(headerValue, fc.string({ unit: 'grapheme', maxLength: 6000 })), {
          nil: undefined,
        }),
        fc.option(headerValue, { nil: undefined }),
        (status, message, details) => {
          fed++;
          const result = statusFromTrailers({
            'grpc-status': status,
            'grpc-message': message,
            'grpc-status-details-bin': details,
          });
          expect(result.code).toBeGreaterThanOrEqual(0);
          expect(result.code).toBeLessThanOrEqual(16);
          expect(result.message.length).toBeLessThanOrEqual(4096 + 120);
          if (status === undefined) expect(result.code).toBe(Code.Internal);
          else if (!/^\d{1,2}$/.test(status) || Number(status) > 16) expect(result.code).toBe(Code.Unknown);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('judges any response headers as OK-to-read or a typed error, never a throw (10,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.option(fc.oneof(fc.integer({ min: 0, max: 999 }), headerValue), { nil: undefined }),
        fc.option(fc.oneof(headerValue, fc.constant('application/grpc+proto')), { nil: undefined }),
        fc.option(headerValue, { nil: undefined }),
        (status, contentType, grpcStatus) => {
          fed++;
          const headers: IncomingHeaders = {
            ':status': status,
            'content-type': contentType,
            'grpc-status': grpcStatus,
          };
          const error = checkResponseHeaders(headers);
          if (error !== undefined) expect(error).toBeInstanceOf(RpcError);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('reads any headers, -bin values and tri-header-convert as attachments without throwing (5,000 cases)', () => {
    const name = fc.oneof(
      fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
      fc.stringMatching(/^[a-z][a-z0-9-]{0,8}-bin$/),
      fc.constantFrom(
        ':status',
        ':path',
        'grpc-status',
        '__proto__',
        'constructor',
        'tri-header-convert',
        'x-bin',
      ),
    );
    fc.assert(
      fc.property(
        fc.dictionary(name, fc.oneof(headerValue, fc.array(headerValue, { maxLength: 3 }))),
        (headers) => {
          fed++;
          const attachments = readAttachments(headers);
          expect(Object.getPrototypeOf(attachments)).toBe(Object.prototype);
          for (const key of Object.keys(attachments)) expect(key.startsWith(':')).toBe(false);
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
