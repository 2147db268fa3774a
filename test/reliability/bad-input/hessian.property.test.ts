/**
 * Hessian 2 payloads from a hostile or broken provider (issue 6, "Bad input": Hessian), through the
 * public decoders: `readHessian` and a Java method codec's `decodeResponse`. Valid encodings are
 * mutated and truncated by the thousand; nesting, collection sizes, unknown classes and cycles are
 * driven to the limits hessian.md §3 sets. Every failure is an RpcError: RESOURCE_EXHAUSTED for a
 * payload over `maxBytes`, INTERNAL ("invalid hessian2 data") for the rest.
 */
import {
  Code,
  createJavaMethodCodec,
  DEFAULT_LIMITS,
  encodeResponseWrapper,
  type HessianLimits,
  type JavaType,
  java,
  RpcError,
  readHessian,
} from '@dubbo-mesh/codec-triple';
import fc from 'fast-check';
import hessian from 'hessian.js';
import { afterAll, describe, expect, it } from 'vitest';
import { tally } from '../tally.js';

const AREA = 'hessian';
let fed = 0;
afterAll(() => tally('badInput', fed, AREA));

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

function outcome(bytes: Uint8Array, limits?: Partial<HessianLimits>): { value: unknown } | RpcError {
  fed++;
  try {
    return { value: readHessian(bytes, limits) };
  } catch (error) {
    if (!(error instanceof RpcError)) throw new Error(`untyped error: ${String(error)}`, { cause: error });
    return error;
  }
}

function expectInternal(bytes: Uint8Array, limits?: Partial<HessianLimits>, pattern?: RegExp): RpcError {
  const result = outcome(bytes, limits);
  expect(result).toBeInstanceOf(RpcError);
  const error = result as RpcError;
  expect(error.code).toBe(Code.Internal);
  expect(error.message).toMatch(pattern ?? /invalid hessian2 data/);
  return error;
}

/** JSON-like values plus Java objects of made-up classes, as a provider could send them. */
const javaValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.string({ maxLength: 20 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 4 }),
    fc.record({
      $class: fc.constantFrom('com.evil.Unknown', 'demo.Address', 'x'),
      $: fc.record({ a: tie('value') }),
    }),
  ),
})).value;

describe('mutated and truncated valid payloads', () => {
  it('decodes or rejects as INTERNAL every byte-level mutation of a valid payload (10,000 cases)', () => {
    fc.assert(
      fc.property(
        javaValue,
        fc.array(
          fc.tuple(fc.nat(), fc.nat({ max: 255 }), fc.constantFrom('flip', 'delete', 'insert', 'duplicate')),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        (value, edits) => {
          const bytes = [...hessian.encode(value, '2.0')];
          for (const [at, byte, edit] of edits) {
            const i = at % (bytes.length + 1);
            if (edit === 'flip' && i < bytes.length) bytes[i] = byte;
            else if (edit === 'delete') bytes.splice(i, 1);
            else if (edit === 'insert') bytes.splice(i, 0, byte);
            else bytes.splice(i, 0, ...bytes.slice(i, i + 1 + (byte % 8)));
          }
          const result = outcome(Uint8Array.from(bytes));
          if (result instanceof RpcError) expect(result.code).toBe(Code.Internal);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('rejects every proper prefix of a valid payload as INTERNAL (2,000 values, every cut)', () => {
    fc.assert(
      fc.property(javaValue, (value) => {
        const bytes = hessian.encode(value, '2.0');
        for (let cut = 0; cut < bytes.length; cut++) expectInternal(bytes.subarray(0, cut));
      }),
      { numRuns: 2_000 },
    );
  });

  it('decodes random bytes or rejects them as INTERNAL (10,000 cases)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const result = outcome(bytes);
        if (result instanceof RpcError) expect(result.code).toBe(Code.Internal);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('depth and size limits', () => {
  /** `depth` nested containers of one kind around an int. */
  function nested(kind: 'list' | 'map' | 'object', depth: number): Buffer {
    if (kind === 'list') return Buffer.concat([Buffer.alloc(depth, 0x79), hex('90')]); // 79: fixed list of 1
    if (kind === 'map')
      return Buffer.concat([hex('4890'.repeat(depth)), hex('90'), Buffer.alloc(depth, 0x5a)]);
    // C 'n' [1 field 'v'], then depth instances of class 0 whose field holds the next one.
    return Buffer.concat([hex('43 01 6e 91 01 76'), Buffer.alloc(depth, 0x60), hex('90')]);
  }

  it('accepts nesting up to maxDepth and rejects one more, for lists, maps and objects', () => {
    for (const kind of ['list', 'map', 'object'] as const) {
      for (const maxDepth of [2, 16, 256, 1000]) {
        // `depth` containers plus the int inside: depth + 1 values deep.
        expect(outcome(nested(kind, maxDepth - 1), { maxDepth })).not.toBeInstanceOf(RpcError);
        expectInternal(nested(kind, maxDepth), { maxDepth }, /nesting deeper than/);
      }
    }
  });

  it('never overflows the stack, even with limits raised far past what the stack allows', () => {
    for (const kind of ['list', 'map', 'object'] as const) {
      // 200,000 levels: hessian.js alone overflows near 2,400 (hessian.md §3). A RangeError from
      // the engine must still come out as a typed error.
      const result = outcome(nested(kind, 200_000), { maxDepth: 1_000_000, maxBytes: 16 * 1024 * 1024 });
      expect(result).toBeInstanceOf(RpcError);
      expect((result as RpcError).code).toBe(Code.Internal);
    }
  });

  it('rejects declared collection sizes past the limit or the data, before allocating (5,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.constantFrom('58', '56 04 5b 69 6e 74'), // untyped / typed ('[int') fixed-length list
        fc.nat({ max: 16 }),
        (length, header, items) => {
          const count = Buffer.alloc(5);
          count[0] = 0x49; // int
          count.writeInt32BE(length, 1);
          const bytes = Buffer.concat([hex(header), count, Buffer.alloc(Math.min(items, length), 0x90)]);
          if (items >= length) expect(outcome(bytes)).not.toBeInstanceOf(RpcError);
          else expectInternal(bytes);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('caps maps, lists and class definitions at maxCollectionLength', () => {
    const limits = { maxCollectionLength: 100 };
    expect(outcome(Buffer.concat([hex('58 c8 64'), Buffer.alloc(100, 0x90)]), limits)).not.toBeInstanceOf(
      RpcError,
    );
    expectInternal(
      Buffer.concat([hex('58 c8 65'), Buffer.alloc(101, 0x90)]),
      limits,
      /exceeds the limit of 100/,
    );
    expectInternal(Buffer.concat([hex('48'), hex('9090'.repeat(101)), hex('5a')]), limits, /longer than 100/);
    const fields = Buffer.concat(Array.from({ length: 101 }, (_, i) => Buffer.from([1, 0x41 + (i % 26)])));
    expectInternal(
      Buffer.concat([hex('43 01 6e c8 65'), fields, hex('60')]),
      limits,
      /exceeds the limit of 100/,
    );
  });

  it('caps the maps, lists and objects of one message at maxCollections', () => {
    // A list holding 99 empty maps ('H' 'Z'): 100 collections.
    const maps = (count: number): Buffer =>
      Buffer.concat([hex('58 c8'), Buffer.from([count]), hex('485a'.repeat(count))]);
    expect(outcome(maps(99), { maxCollections: 100 })).not.toBeInstanceOf(RpcError);
    expectInternal(maps(100), { maxCollections: 100 }, /more than 100 maps, lists and objects/);
  });

  it('refuses 2 × 1,000,000 empty maps in 3.8 MiB under the default limits', () => {
    // Within every per-message limit but maxCollections (each 2-byte map was ~250 bytes of heap, ~67 now).
    const emptyMaps = Buffer.concat([hex('58 49 000f4240'), Buffer.from('HZ'.repeat(1_000_000), 'latin1')]);
    const bytes = Buffer.concat([hex('7a'), emptyMaps, emptyMaps]);
    expect(bytes.length).toBeLessThan(DEFAULT_LIMITS.hessianMaxBytes);
    expectInternal(bytes, undefined, /more than 1000000 maps, lists and objects/);
  });

  it('refuses a payload over maxBytes with RESOURCE_EXHAUSTED before decoding it', () => {
    const result = outcome(Buffer.alloc(1025, 0x90), { maxBytes: 1024 });
    expect((result as RpcError).code).toBe(Code.ResourceExhausted);
  });
});

describe('unknown classes and cycles through a method codec', () => {
  const Node = java.pojo('demo.Node', { name: 'java.lang.String', next: 'java.lang.Object' });
  const codec = createJavaMethodCodec({ argTypes: [], returnType: Node });
  const reply = (data: Buffer): Uint8Array =>
    encodeResponseWrapper({ serializeType: 'hessian2', data, type: 'demo.Node' });

  it('decodes an object of a class nobody declared as a plain field map (hessian.md §4)', () => {
    const data = hessian.encode(
      { $class: 'com.evil.NotOnTheClasspath', $: { name: 'x', payload: [1, 2] } },
      '2.0',
    );
    fed++;
    expect(codec.decodeResponse(reply(data), 0)).toEqual({ name: 'x', payload: [1, 2] });
  });

  it('rebuilds a cycle (node.next = node) as the same object, without recursing forever', () => {
    // hessian.md §3: the cycle's bytes as Java and hessian.js write them.
    const data = hex('430964656d6f2e4e6f646592046e616d65046e657874600473656c665190');
    fed++;
    const node = codec.decodeResponse(reply(data), 0) as { name: string; next: unknown };
    expect(node.name).toBe('self');
    expect((node.next as { next: unknown }).next).toBe(node.next);
  });

  it('shapes a cycle with a self-referencing declared type without recursing forever', () => {
    const fields: Record<string, JavaType> = { name: 'java.lang.String' };
    const SelfNode = java.pojo('demo.Node', fields);
    fields.next = SelfNode; // a linked-list node type, declared the only way TS allows
    const selfCodec = createJavaMethodCodec({ argTypes: [], returnType: SelfNode });
    const data = hex('430964656d6f2e4e6f646592046e616d65046e657874600473656c665190');
    fed++;
    const node = selfCodec.decodeResponse(reply(data), 0) as { name: string; next: unknown };
    expect(node.name).toBe('self');
    expect(node.next).toBe(node);
  });

  it('rejects references to objects or classes that were never defined', () => {
    expectInternal(hex('7a 9051'), undefined, /undefined object|invalid hessian2 data/); // [0, Q?] dangling
    expectInternal(hex('5195'), undefined, /reference to undefined object 5/);
    expectInternal(hex('63'), undefined, /reference to undefined class 3/);
  });

  it('fails a response of garbage data as INTERNAL and an exception payload of garbage as INTERNAL', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 48 }), fc.boolean(), (bytes, isException) => {
        fed++;
        try {
          codec.decodeResponse(reply(Buffer.from(bytes)), isException ? 1 : 0);
        } catch (error) {
          expect(error).toBeInstanceOf(RpcError);
        }
      }),
      { numRuns: 3_000 },
    );
  });
});
