import fc from 'fast-check';
import hessian from 'hessian.js';
import { describe, expect, it } from 'vitest';
import { encodeRequestWrapper } from '../wrapper.js';
import { HessianWriter } from './hessian-writer.js';
import { createJavaMethodCodec } from './java-method-codec.js';
import { argTypeName, type JavaType, java } from './java-type.js';
import { toHessian } from './to-hessian.js';
import { typedHessianWriter } from './typed-hessian-encoder.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** The general path: `toHessian`, hessian.js, the wrapper — what the codec sent before the fast path. */
function generalRequest(value: unknown, type: JavaType): string {
  const arg = hessian.encode(toHessian(value, type, 'argument 0'), '2.0');
  return hex(encodeRequestWrapper({ serializeType: 'hessian4', args: [arg], argTypes: [argTypeName(type)] }));
}

/** The codec's bytes, or its error message; the same for the general path. */
function outcome(run: () => string): string {
  try {
    return run();
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function expectSameAsGeneral(type: JavaType, value: unknown): void {
  const codec = createJavaMethodCodec({ argTypes: [type], returnType: type });
  expect(outcome(() => hex(codec.encodeRequest([value])))).toBe(outcome(() => generalRequest(value, type)));
}

/** The bytes of one value written by the typed writer (the fast path alone). */
function fastBytes(type: JavaType, value: unknown): string {
  const writer = new HessianWriter();
  writer.reset();
  typedHessianWriter(type)(value, writer, 0);
  return hex(writer.bytes.subarray(0, writer.length));
}

const ADDRESS = java.pojo('demo.Address', { street: 'java.lang.String', zip: 'int' });
const USER = java.pojo('demo.User', {
  id: 'long',
  name: 'java.lang.String',
  age: 'java.lang.Integer',
  score: 'double',
  ratio: 'java.lang.Float',
  active: 'boolean',
  vip: 'java.lang.Boolean',
  address: ADDRESS,
  tags: java.list('java.lang.String'),
});

/** Loosely typed values: right, wrong and missing, so both the fast path and its misses are exercised. */
const loose = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.integer(),
  fc.double(),
  fc.maxSafeInteger(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
);

const userLike = fc.record(
  {
    id: fc.oneof(fc.maxSafeInteger(), loose),
    name: fc.oneof(fc.string({ unit: 'binary' }), loose),
    age: fc.oneof(fc.integer(), fc.constant(null), loose),
    score: fc.oneof(fc.double(), loose),
    ratio: fc.oneof(fc.float(), fc.constant(null)),
    active: fc.boolean(),
    vip: fc.oneof(fc.boolean(), fc.constant(null)),
    address: fc.oneof(
      fc.constant(null),
      fc.record({ street: fc.string(), zip: fc.integer() }, { requiredKeys: ['zip'] }),
    ),
    tags: fc.oneof(fc.constant(null), fc.array(fc.oneof(fc.string(), fc.constant(null)), { maxLength: 10 })),
    extra: loose,
  },
  { requiredKeys: ['active'] },
);

describe('typed Hessian writer: the bytes hessian.js writes', () => {
  it('strings of any UTF-16 units and lengths (CESU-8, one-byte, two-byte and S headers)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.string({ unit: 'binary', maxLength: 1500 }),
        ),
        (text) => {
          expect(fastBytes('java.lang.String', text)).toBe(hex(hessian.encode(text, '2.0')));
        },
      ),
    );
    const long = 'é'.repeat(0x8000);
    expect(fastBytes('java.lang.String', long)).toBe(hex(hessian.encode(long, '2.0')));
  });

  it('ints, longs and doubles in every compact form', () => {
    fc.assert(
      fc.property(fc.integer(), fc.maxSafeInteger(), fc.double(), (int, long, double) => {
        expect(fastBytes('int', int)).toBe(hex(hessian.encode(int, '2.0')));
        expect(fastBytes('long', long)).toBe(hex(hessian.encode({ $class: 'long', $: long }, '2.0')));
        expect(fastBytes('double', double)).toBe(hex(hessian.encode({ $class: 'double', $: double }, '2.0')));
      }),
      { numRuns: 2000 },
    );
    for (const double of [0, -0, 1, -1, 127, -128, 128, 32767, -32768, 32768, 0.001, 2.5, 1e21, 1e-9, NaN]) {
      expect(fastBytes('double', double)).toBe(hex(hessian.encode({ $class: 'double', $: double }, '2.0')));
    }
  });

  it('POJOs, lists, enums and dates on the fast path itself', () => {
    const COLOR = java.enumOf('demo.Color');
    const general = (type: JavaType, value: unknown): string =>
      hex(hessian.encode(toHessian(value, type), '2.0'));
    const user = { id: 7, name: 'Ann', active: true, tags: ['a'], address: { street: 'x', zip: 1 } };
    for (const [type, value] of [
      [USER, user],
      [java.list(USER), [user, { ...user, tags: ['b'], address: null }]],
      [COLOR, 'RED'],
      [java.list(COLOR), ['RED', 'BLUE', 'RED']],
      ['java.util.Date', new Date(Date.UTC(2026, 0, 1))],
      ['java.util.Date', new Date(1_700_000_000_123)],
    ] as const) {
      expect(fastBytes(type, value)).toBe(general(type, value));
    }
  });
});

describe('encodeRequest: the general path’s bytes or error, whatever the value', () => {
  it('scalars', () => {
    const types: JavaType[] = ['java.lang.String', 'int', 'java.lang.Integer', 'long', 'java.lang.Long'];
    const more: JavaType[] = ['double', 'java.lang.Double', 'float', 'boolean', 'java.lang.Boolean'];
    fc.assert(
      fc.property(fc.constantFrom(...types, ...more), loose, (type, value) =>
        expectSameAsGeneral(type, value),
      ),
      { numRuns: 1000 },
    );
  });

  it('POJOs with nested POJOs, lists and wrong or undeclared fields', () => {
    fc.assert(fc.property(userLike, (user) => expectSameAsGeneral(USER, user)));
  });

  it('lists of POJOs, including more than 7 items and more than 64 objects', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(userLike, fc.constant(null)), { maxLength: 80 }), (users) =>
        expectSameAsGeneral(java.list(USER), users),
      ),
      { numRuns: 50 },
    );
  });

  it('a shared or cyclic object is written as hessian.js writes it (a back-reference)', () => {
    const address = { street: 'Main', zip: 1 };
    const users = [
      { active: true, address },
      { active: false, address },
    ];
    expectSameAsGeneral(java.list(USER), users);
    const shared = { active: true };
    expectSameAsGeneral(java.list(USER), [shared, shared]);
    const NODE = java.pojo('demo.Node', { value: 'int', next: java.pojo('demo.Node', {}) });
    expectSameAsGeneral(NODE, { value: 1, next: null });
  });

  it('class instances, Sets and a second class of the same name take the general path', () => {
    class Address {
      street = 'x';
      zip = 3;
    }
    expectSameAsGeneral(ADDRESS, new Address());
    expectSameAsGeneral(java.set('java.lang.String'), new Set(['a', 'b']));
    const other = java.pojo('demo.Address', { zip: 'int' });
    const PAIR = java.pojo('demo.Pair', { left: ADDRESS, right: other });
    expectSameAsGeneral(PAIR, { left: { street: 's', zip: 1 }, right: { zip: 2 } });
  });

  it('enums and dates', () => {
    const COLOR = java.enumOf('demo.Color', ['RED', 'GREEN'] as const);
    const OPEN = java.enumOf('demo.Mood');
    const EVENT = java.pojo('demo.Event', { at: 'java.util.Date', color: COLOR, mood: OPEN, again: COLOR });
    const when = fc.oneof(
      fc.date(),
      fc.integer({ min: -1e6, max: 1e6 }).map((minutes) => new Date(minutes * 60000)),
      fc.constant(null),
      fc.string(),
    );
    const color = fc.oneof(fc.constantFrom('RED', 'GREEN', 'BLUE'), fc.constant(null), fc.integer());
    fc.assert(
      fc.property(when, color, fc.oneof(fc.string(), fc.constant(null)), color, (at, c, mood, again) => {
        expectSameAsGeneral('java.util.Date', at);
        expectSameAsGeneral(COLOR, c);
        expectSameAsGeneral(EVENT, { at, color: c, mood, again });
      }),
      { numRuns: 500 },
    );
  });

  it('several arguments, each its own bare value with its own class table', () => {
    const types: JavaType[] = [USER, 'java.lang.String', java.list(USER), 'int', USER];
    const codec = createJavaMethodCodec({ argTypes: types, returnType: 'void' });
    fc.assert(
      fc.property(userLike, fc.string(), fc.array(userLike, { maxLength: 3 }), loose, userLike, (...args) => {
        const general = (): string => {
          const encoded = args.map((arg, i) =>
            hessian.encode(toHessian(arg, types[i] as JavaType, `argument ${i}`), '2.0'),
          );
          return hex(
            encodeRequestWrapper({
              serializeType: 'hessian4',
              args: encoded,
              argTypes: types.map(argTypeName),
            }),
          );
        };
        expect(outcome(() => hex(codec.encodeRequest(args)))).toBe(outcome(general));
      }),
      { numRuns: 200 },
    );
  });

  it('more than 16 classes use the O reference form', () => {
    const fields: Record<string, JavaType> = {};
    const value: Record<string, unknown> = {};
    for (let i = 0; i < 20; i++) {
      fields[`f${i}`] = java.pojo(`demo.C${i}`, { v: 'int' });
      value[`f${i}`] = { v: i };
    }
    const ALL = java.pojo('demo.All', fields);
    expectSameAsGeneral(ALL, value);
    expectSameAsGeneral(java.list(ALL), [value, { ...value }]);
  });
});
