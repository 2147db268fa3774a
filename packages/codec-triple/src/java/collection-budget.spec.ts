import fc from 'fast-check';
import hessian from 'hessian.js';
import { describe, expect, it } from 'vitest';
import { Code } from '../code.js';
import { RpcError } from '../rpc-error.js';
import { FastHessianReader, isFastPathMiss } from './fast-hessian-reader.js';
import { DEFAULT_HESSIAN_LIMITS, decodeHessian, type HessianLimits, readHessian } from './hessian-reader.js';

/** The answer of one decoder: the value, or the error message. */
type Answer = { value: unknown } | { error: string };

function answer(decode: () => unknown): Answer {
  try {
    return { value: decode() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

const budget = (maxCollections: number): HessianLimits => ({ ...DEFAULT_HESSIAN_LIMITS, maxCollections });
const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const REFUSED = /invalid hessian2 data: more than \d+ maps, lists and objects/;

/** The head of an untyped fixed-length list (`58` + int) of `count` items. */
function listHead(count: number): Buffer {
  const head = Buffer.alloc(6);
  head[0] = 0x58;
  head[1] = 0x49;
  head.writeInt32BE(count, 2);
  return head;
}

/** An untyped fixed-length list of `count` copies of `item`. */
function listOf(count: number, item: Buffer): Buffer {
  return Buffer.concat([listHead(count), ...Array.from({ length: count }, () => item)]);
}

/** The maps, lists and objects hessian.js writes for `value` (hessian.md §4): what the budget counts. */
function collectionsIn(value: unknown): number {
  if (Array.isArray(value)) return 1 + value.reduce((sum: number, item) => sum + collectionsIn(item), 0);
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value) || value instanceof Date)
    return 0;
  const record = value as Record<string, unknown>;
  if (record.$class === 'long') return 0;
  // A typed wrapper is one list or map; its `$` is what it holds, not a second collection.
  if (typeof record.$class === 'string') return collectionsIn(record.$);
  return 1 + Object.values(record).reduce((sum: number, item) => sum + collectionsIn(item), 0);
}

describe('maxCollections: the maps, lists and objects one message may create', () => {
  const emptyMap = hex('48 5a');
  // A list of `n` objects of one class with one int field; the class is defined before the first.
  const objects = (n: number): Buffer =>
    n === 0 ? listHead(0) : Buffer.concat([listHead(n), hex('43 01 6e 91 01 76'), hex('60 90'.repeat(n))]);

  it('accepts exactly the budget and refuses one more, for maps, lists and objects', () => {
    const cases: Array<[string, (n: number) => Buffer]> = [
      ['maps', (n) => listOf(n - 1, emptyMap)],
      ['lists', (n) => listOf(n - 1, hex('78'))],
      ['objects', (n) => objects(n - 1)],
    ];
    for (const [kind, make] of cases) {
      for (const max of [1, 2, 10, 1000]) {
        expect(() => readHessian(make(max), { maxCollections: max }), kind).not.toThrow();
        expect(() => readHessian(make(max + 1), { maxCollections: max }), kind).toThrow(REFUSED);
        const error = answer(() => readHessian(make(max + 1), { maxCollections: max }));
        expect(error).toStrictEqual(answer(() => decodeHessian(make(max + 1), budget(max))));
      }
    }
    try {
      readHessian(listOf(3, emptyMap), { maxCollections: 3 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RpcError);
      expect((error as RpcError).code).toBe(Code.Internal); // as the other structural limits
    }
  });

  it('the fast reader hands over past the budget and reads up to it', () => {
    const bytes = objects(9); // the list and 9 objects: 10 collections
    expect(isFastPathMiss(new FastHessianReader(budget(9)).read(bytes, 0, bytes.length))).toBe(true);
    expect(isFastPathMiss(new FastHessianReader(budget(10)).read(bytes, 0, bytes.length))).toBe(false);
    // The count starts again with every read of the same reader.
    const reader = new FastHessianReader(budget(10));
    for (let i = 0; i < 3; i++) expect(isFastPathMiss(reader.read(bytes, 0, bytes.length))).toBe(false);
  });

  it('fast and general paths agree on both sides of the budget, which is the number of collections', () => {
    const value = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.integer(),
        fc.string({ maxLength: 8 }),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 5 }),
        fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 3 }),
        fc.array(tie('value'), { maxLength: 4 }).map((items) => ({ $class: '[object', $: items }) as unknown),
        fc.record({ a: tie('value'), b: fc.integer() }).map((fields) => ({ $class: 'demo.Pair', $: fields })),
      ),
    })).value;
    fc.assert(
      fc.property(value, (input) => {
        const bytes = hessian.encode(input, '2.0');
        const count = collectionsIn(input);
        const unlimited = answer(() => decodeHessian(bytes).value);
        for (const max of [count - 1, count, count + 1]) {
          if (max < 0) continue;
          const general = answer(() => decodeHessian(bytes, budget(max)).value);
          expect(answer(() => readHessian(bytes, budget(max)))).toStrictEqual(general);
          if (max >= count) expect(general).toStrictEqual(unlimited);
          else expect((general as { error: string }).error).toMatch(REFUSED);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
