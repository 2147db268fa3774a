import fc from 'fast-check';
import hessian from 'hessian.js';
import { describe, expect, it } from 'vitest';
import { FastHessianReader, isFastPathMiss } from './fast-hessian-reader.js';
import { DEFAULT_HESSIAN_LIMITS, decodeHessian, type HessianLimits, readHessian } from './hessian-reader.js';
import { java } from './java-type.js';
import { toHessian } from './to-hessian.js';

/** The guarded decoder's answer: the value, or the error message. */
function guarded(bytes: Uint8Array, limits: HessianLimits): { value: unknown } | { error: string } {
  try {
    return { value: decodeHessian(bytes, limits).value };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The fast reader answers exactly as the guarded decoder, or hands over (`FAST_PATH_MISS`). */
function expectAgreement(bytes: Uint8Array, limits: HessianLimits = DEFAULT_HESSIAN_LIMITS): boolean {
  const reader = new FastHessianReader(limits);
  // Inside a larger buffer, as the codec reads it from the wrapper.
  const framed = new Uint8Array(bytes.length + 4);
  framed.set(bytes, 2);
  const fast = reader.read(framed, 2, 2 + bytes.length);
  if (isFastPathMiss(fast)) return false;
  expect(guarded(bytes, limits)).toStrictEqual({ value: fast });
  // A second read reuses the remembered class definitions.
  expect(reader.read(framed, 2, 2 + bytes.length)).toStrictEqual(fast);
  expect(readHessian(bytes, limits)).toStrictEqual(fast);
  return true;
}

const ORDER = java.pojo('org.demo.Order', {
  id: 'long',
  customer: 'java.lang.String',
  price: 'double',
  paid: 'boolean',
  discount: 'java.lang.Integer',
  lines: java.list('java.lang.String'),
});

const order = fc.record({
  id: fc.maxSafeInteger(),
  customer: fc.string({ unit: 'binary', maxLength: 60 }),
  price: fc.double(),
  paid: fc.boolean(),
  discount: fc.oneof(fc.integer(), fc.constant(null)),
  lines: fc.array(fc.string({ unit: 'binary' }), { maxLength: 12 }),
});

/** Values hessian.js writes in every form the fast reader takes, and some (maps, binary) it hands over. */
const plain = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'binary', maxLength: 1200 }),
    fc.integer(),
    fc.maxSafeInteger(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.date({ noInvalidDate: true }),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((big) => ({ $class: 'long', $: String(big) })),
    fc.uint8Array({ maxLength: 20 }).map((bytes) => Buffer.from(bytes)),
    fc.array(tie('value'), { maxLength: 10 }),
    fc.dictionary(fc.string({ maxLength: 5 }), tie('value'), { maxKeys: 3 }),
    fc.array(tie('value'), { maxLength: 9 }).map((items) => ({ $class: '[object', $: items }) as unknown),
  ),
})).value;

describe('FastHessianReader: what the guarded decoder returns, or a hand-over', () => {
  it('POJOs, lists of POJOs (class definitions and instance references), strings, numbers', () => {
    let fast = 0;
    fc.assert(
      fc.property(fc.array(order, { maxLength: 20 }), (orders) => {
        const bytes = hessian.encode(toHessian(orders, java.list(ORDER)), '2.0');
        if (expectAgreement(bytes)) fast++;
      }),
      { numRuns: 200 },
    );
    expect(fast).toBe(200);
  });

  it('values of every kind, nested', () => {
    fc.assert(
      fc.property(plain, (value) => {
        expectAgreement(hessian.encode(value, '2.0'));
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees, or hands over, on damaged and arbitrary bytes, under tight limits too', () => {
    const limits = fc.record({
      maxDepth: fc.integer({ min: 1, max: 6 }),
      maxBytes: fc.constant(DEFAULT_HESSIAN_LIMITS.maxBytes),
      maxCollectionLength: fc.integer({ min: 0, max: 8 }),
      maxCollections: fc.integer({ min: 0, max: 8 }),
    });
    const damaged = fc
      .tuple(fc.array(order, { maxLength: 3 }), fc.nat(), fc.nat(255), fc.boolean())
      .map(([orders, at, byte, truncate]) => {
        const bytes = Uint8Array.from(hessian.encode(toHessian(orders, java.list(ORDER)), '2.0'));
        if (truncate) return bytes.subarray(0, at % (bytes.length + 1));
        bytes[at % bytes.length] = byte;
        return bytes;
      });
    fc.assert(
      fc.property(fc.oneof(damaged, fc.uint8Array({ maxLength: 40 })), limits, (bytes, tight) => {
        expectAgreement(bytes);
        expectAgreement(bytes, tight);
      }),
      { numRuns: 3000 },
    );
  });

  it('hands over what only the guarded decoder reads: maps, binary, references, unsafe longs', () => {
    const reader = new FastHessianReader(DEFAULT_HESSIAN_LIMITS);
    const read = (value: unknown): unknown => {
      const bytes = hessian.encode(value, '2.0');
      return reader.read(bytes, 0, bytes.length);
    };
    expect(isFastPathMiss(read({ a: 1 }))).toBe(true);
    expect(isFastPathMiss(read(Buffer.from('ab')))).toBe(true);
    const shared = [1];
    expect(isFastPathMiss(read([shared, shared]))).toBe(true);
    expect(isFastPathMiss(read({ $class: 'long', $: '9007199254740993' }))).toBe(true);
    expect(read([1, 'two', 3.5, true, null])).toStrictEqual([1, 'two', 3.5, true, null]);
  });
});
