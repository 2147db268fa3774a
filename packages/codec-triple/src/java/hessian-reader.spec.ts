import fc from 'fast-check';
import hessian from 'hessian.js';
import { describe, expect, it } from 'vitest';
import { Code } from '../code.js';
import { RpcError } from '../rpc-error.js';
import { readHessian } from './hessian-reader.js';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const repeat = (text: string, times: number): Buffer => hex(text.repeat(times));

function rejection(bytes: Uint8Array, limits?: Parameters<typeof readHessian>[1]): RpcError {
  try {
    readHessian(bytes, limits);
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('expected readHessian to reject');
}

describe('hessian.md §3 hostile inputs', () => {
  it.each([
    [
      'a 1e6-item list header with no items',
      hex('5849000f4240'),
      /list length of 1000000 bytes with only 0 left/,
    ],
    ['a 2^31-1-item list header', hex('58497fffffff'), /list length 2147483647 exceeds the limit of 1000000/],
    [
      '10,000 nested lists',
      Buffer.concat([Buffer.alloc(10_000, 0x79), hex('90')]),
      /nesting deeper than 256/,
    ],
    [
      '10,000 nested maps',
      Buffer.concat([repeat('4890', 10_000), hex('90'), repeat('5a', 10_000)]),
      /nesting deeper than 256/,
    ],
    ['binary 42ffff with 3 bytes', hex('42ffff010203'), /binary chunk of 65535 bytes with only 3 left/],
    ['string 53ffff with nothing after', hex('53ffff'), /string chunk of 65535 bytes with only 0 left/],
    ['list length -1', hex('5849ffffffff'), /invalid list length/],
    ['variable-length untyped list 57', hex('57905a'), /unexpect code: 0x57/],
    ['variable-length typed list 55', hex('5500905a'), /unexpect code: 0x55/],
    ['trailing bytes after 91', hex('91ffff'), /2 trailing bytes after the value/],
    ['empty input', hex(''), /unexpected end of data/],
    ['a back-reference to nothing', hex('7951a0'), /reference to undefined object 16/],
    ['an instance of an undefined class', hex('60'), /reference to undefined class 0/],
    ['a typed list with an undefined type ref', hex('7190'), /reference to an undefined type/],
    ['a two-byte int cut short', hex('c8'), /truncated data/],
    ['a long cut short', hex('4c0000'), /invalid hessian2 data/],
    ['a string cut inside a character', hex('01c3'), /truncated string/],
    ['an unterminated map', hex('48 01 61 91'), /unexpected end of data/],
    ['a class with a huge field count', hex('43 01 61 49 7fffffff'), /class field count 2147483647 exceeds/],
  ])('%s → RpcError(Internal)', (_name, bytes, message) => {
    const error = rejection(bytes);
    expect(error.code).toBe(Code.Internal);
    expect(error.rawMessage).toMatch(/^invalid hessian2 data: /);
    expect(error.rawMessage).toMatch(message);
  });

  it('decodes a million-item list within the limits', () => {
    const value = readHessian(Buffer.concat([hex('5849000f4240'), Buffer.alloc(1_000_000, 0x90)]));
    expect(value).toHaveLength(1_000_000);
  });

  it('reads 10,000 string chunks without recursion', () => {
    expect(readHessian(Buffer.concat([repeat('520000', 10_000), hex('0161')]))).toBe('a');
  });

  it('reads 10,000 class definitions in a row without recursion', () => {
    expect(readHessian(Buffer.concat([repeat('43 01 61 90', 10_000), hex('6f')]))).toEqual({});
  });

  it('rejects payloads over maxBytes with ResourceExhausted, before decoding', () => {
    const error = rejection(Buffer.alloc(11, 0x90), { maxBytes: 10 });
    expect(error.code).toBe(Code.ResourceExhausted);
  });

  it('honours maxDepth and maxCollectionLength', () => {
    expect(readHessian(hex('79 79 90'), { maxDepth: 3 })).toEqual([[0]]);
    expect(rejection(hex('79 79 90'), { maxDepth: 2 }).rawMessage).toMatch(/nesting deeper than 2/);
    expect(rejection(hex('7a 90 90'), { maxCollectionLength: 1 }).rawMessage).toMatch(
      /list length 2 exceeds the limit of 1/,
    );
    expect(rejection(hex('48 90 90 91 91 5a'), { maxCollectionLength: 1 }).rawMessage).toMatch(
      /map longer than 1 entries/,
    );
  });

  it('does not let a __proto__ key replace the prototype of a decoded map', () => {
    const value = readHessian(hex('48 09 5f5f70726f746f5f5f 48 01 61 91 5a 5a')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(value.a).toBeUndefined();
  });

  it('returns binary as a copy that does not alias the input', () => {
    const input = hex('23010203');
    const value = readHessian(input) as Buffer;
    input[1] = 9;
    expect([...value]).toEqual([1, 2, 3]);
  });

  it('never throws anything but RpcError on garbage', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), (bytes) => {
        try {
          readHessian(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(RpcError);
          expect((error as RpcError).code).toBe(Code.Internal);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('values', () => {
  it('keeps the original keys of a map in a hidden $map, built on first read for string keys', () => {
    const plain = readHessian(
      hessian.encode(
        new Map<unknown, unknown>([
          ['b', 1],
          ['a', 2],
        ]),
        '2.0',
      ),
    ) as Record<string, unknown> & { $map: Map<unknown, unknown> };
    expect(plain).toEqual({ b: 1, a: 2 });
    expect(Object.keys(plain)).toEqual(['b', 'a']);
    expect([...plain.$map]).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
    expect(plain.$map).toBe(plain.$map);
    // Typed keys (an int, then a string after it, and a numeric string) keep their types and order.
    const typed = readHessian(
      hessian.encode(
        new Map<unknown, unknown>([
          ['x', 0],
          [7, 'int'],
          ['10', 'text'],
          ['y', 1],
        ]),
        '2.0',
      ),
    ) as Record<string, unknown> & { $map: Map<unknown, unknown> };
    expect([...typed.$map.keys()]).toEqual(['x', 7, '10', 'y']);
    expect(typed.$map.get(7)).toBe('int');
    expect(Object.getOwnPropertyDescriptor(typed, '$map')?.enumerable).toBe(false);
    const empty = readHessian(hex('485a')) as { $map: Map<unknown, unknown> };
    expect(empty.$map.size).toBe(0);
  });

  it('keeps longs beyond 2^53 exact as decimal strings', () => {
    expect(readHessian(hex('4c0020000000000001'))).toBe('9007199254740993');
    expect(readHessian(hex('4c001fffffffffffff'))).toBe(9007199254740991);
    expect(readHessian(hex('4c8000000000000000'))).toBe('-9223372036854775808');
  });

  it('decodes objects of any class, exceptions included, as plain field maps', () => {
    const bytes = hessian.encode(
      { $class: 'com.x.BizException', $: { detailMessage: 'no', code: 7 } },
      '2.0',
    );
    const value = readHessian(bytes);
    expect(value).toEqual({ detailMessage: 'no', code: 7 });
    expect(value).not.toBeInstanceOf(Error);
  });

  it('rebuilds shared and cyclic references as the same object (hessian.md §3)', () => {
    const node = readHessian(hex('430964656d6f2e4e6f646592046e616d65046e657874600473656c665190')) as Record<
      string,
      unknown
    >;
    expect(node.name).toBe('self');
    expect(node.next).toBe(node);
    const pair = readHessian(
      hex('7a430c64656d6f2e41646472657373920463697479037a697060017301315191'),
    ) as unknown[];
    expect(pair[0]).toEqual({ city: 's', zip: '1' });
    expect(pair[1]).toBe(pair[0]);
  });

  it('unwraps a back-reference to a typed list, and leaves a map with a "$" key alone', () => {
    const lists = readHessian(hex('7a 73 04 5b696e74 91 92 93 51 91')) as unknown[];
    expect(lists[0]).toEqual([1, 2, 3]);
    expect(lists[1]).toBe(lists[0]);
    const maps = readHessian(hex('7a 48 01 24 91 5a 51 91')) as unknown[];
    expect(maps[1]).toBe(maps[0]);
    expect(maps[1]).toEqual({ $: 1 });
  });

  it('round-trips JSON-like values through hessian.js', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string({ unit: 'binary' }).filter((s) => !/[\ud800-\udfff]/.test(s)),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 5 }),
        fc.dictionary(fc.string({ unit: 'grapheme-ascii' }), tie('value'), { maxKeys: 5 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        expect(readHessian(hessian.encode(value, '2.0'))).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });
});
