import fc from 'fast-check';
import hessian from 'hessian.js';
import { describe, expect, it } from 'vitest';
import { Code } from '../code.js';
import { RpcError } from '../rpc-error.js';
import { type JavaType, java } from './java-type.js';
import { toHessian } from './to-hessian.js';

/** toHessian, then hessian.js, as hex: the bytes Java would read. */
const wire = (value: unknown, type: JavaType): string =>
  hessian.encode(toHessian(value, type, 'argument 0'), '2.0').toString('hex');

function rejection(value: unknown, type: JavaType, path = 'argument 0'): RpcError {
  try {
    toHessian(value, type, path);
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('expected toHessian to reject');
}

const address = java.pojo('demo.Address', { city: 'java.lang.String', zip: 'java.lang.String' });

describe('hessian.md §7 vectors', () => {
  it('1: int 47', () => expect(wire(47, 'int')).toBe('bf'));
  it('2: long 9007199254740993, from a string or a bigint', () => {
    expect(wire('9007199254740993', 'long')).toBe('4c0020000000000001');
    expect(wire(9007199254740993n, 'java.lang.Long')).toBe('4c0020000000000001');
  });
  it('3: double 1.5', () => expect(wire(1.5, 'double')).toBe('5f000005dc'));
  it('4: String a😀 (CESU-8)', () => expect(wire('a😀', 'java.lang.String')).toBe('0361eda0bdedb880'));
  it('5: Date', () => expect(wire(new Date(1700000000123), 'java.util.Date')).toBe('4a0000018bcfe5687b'));
  it('6: BigDecimal 123.45', () => {
    expect(wire('123.45', 'java.math.BigDecimal')).toBe(
      '43146a6176612e6d6174682e426967446563696d616c910576616c756560063132332e3435',
    );
  });
  it('7: enum demo.Status ACTIVE', () => {
    expect(wire('ACTIVE', java.enumOf('demo.Status', ['ACTIVE', 'DISABLED']))).toBe(
      '430b64656d6f2e53746174757391046e616d656006414354495645',
    );
  });
  it('8: int[] {1,2,3} as a [int typed list', () =>
    expect(wire([1, 2, 3], java.array('int'))).toBe('73045b696e74919293'));
  it('9: Map {b:1,a:"x"} with sorted keys', () =>
    expect(wire({ b: 1, a: 'x' }, java.map())).toBe('48016101780162915a'));
  it('10: a List holding the same Address twice sends a back-reference', () => {
    const a = { city: 's', zip: '1' };
    expect(wire([a, a], java.list(address))).toBe(
      '7a430c64656d6f2e41646472657373920463697479037a697060017301315191',
    );
  });
});

describe('hessian.md §1 primitives and boxes', () => {
  it.each<[unknown, JavaType, string]>([
    [0, 'int', '90'],
    [-16, 'java.lang.Integer', '80'],
    [2047, 'int', 'cfff'],
    [262144, 'int', '4900040000'],
    [5, 'long', 'e5'],
    [300, 'java.lang.Long', 'f92c'],
    [100000, 'long', '3d86a0'],
    [2147483647, 'long', '597fffffff'],
    ['-9223372036854775808', 'long', '4c8000000000000000'],
    [-3, 'short', '8d'],
    [-1, 'java.lang.Byte', '8f'],
    [2, 'java.lang.Double', '5d02'],
    [0, 'double', '5b'],
    [1, 'double', '5c'],
    [300, 'double', '5e012c'],
    [Math.PI, 'double', '44400921fb54442d18'],
    [Number.NaN, 'java.lang.Double', '447ff8000000000000'],
    [1.1, 'float', '5f0000044c'],
    [true, 'boolean', '54'],
    [false, 'java.lang.Boolean', '46'],
    ['A', 'char', '0141'],
    [null, 'java.lang.Integer', '4e'],
    [undefined, 'java.lang.String', '4e'],
    [Uint8Array.of(1, 2, 3), '[B', '23010203'],
    [Uint8Array.of(1, 2, 3), java.array('byte'), '23010203'],
    [new Date(0), 'java.util.Date', '4b00000000'],
  ])('%s as %s', (value, type, hex) => {
    expect(wire(value, type)).toBe(hex);
  });

  it('wraps List<Long> items so Java gets Longs, not Integers (§8 pitfall 4)', () => {
    expect(wire([1, 2], java.list('java.lang.Long'))).toBe('7ae1e2');
    expect(wire([1, 2], java.list())).toBe('7a9192');
  });

  it('writes any int64 exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (value) => {
        const decoded = hessian.decode(Buffer.from(wire(value, 'long'), 'hex'), '2.0');
        expect(BigInt(decoded as number | string)).toBe(value);
        expect(typeof decoded === 'number' ? Number.isSafeInteger(decoded) : true).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('sends BigInteger as signum and magnitude words (hessian.md §2)', () => {
    const cases = [0n, -5n, 120000000000000000000000000000n, 2n ** 64n, -(2n ** 95n) + 7n];
    for (const value of cases) {
      const decoded = hessian.decode(Buffer.from(wire(value, 'java.math.BigInteger'), 'hex'), '2.0') as {
        signum: number;
        mag: number[];
      };
      let magnitude = 0n;
      for (const word of decoded.mag) magnitude = (magnitude << 32n) | BigInt(word >>> 0);
      expect(decoded.signum < 0 ? -magnitude : magnitude).toBe(value);
      expect(decoded.signum).toBe(value === 0n ? 0 : value < 0n ? -1 : 1);
    }
  });
});

describe('structured types', () => {
  it('sends every POJO field, null where missing, in declaration order', () => {
    const user = java.pojo('com.x.User', { id: 'long', name: 'java.lang.String', address, age: 'int' });
    expect(toHessian({ id: 7, address: { city: 'c' } }, user)).toEqual({
      $class: 'com.x.User',
      $: {
        id: { $class: 'long', $: 7 },
        name: null,
        address: { $class: 'demo.Address', $: { city: 'c', zip: null } },
        age: null,
      },
    });
  });

  it('keeps a cyclic POJO cyclic (hessian.md §3)', () => {
    const fields: Record<string, JavaType> = { name: 'java.lang.String' };
    const nodeType = java.pojo('demo.Node', fields);
    fields.next = nodeType;
    const node: Record<string, unknown> = { name: 'self' };
    node.next = node;
    expect(wire(node, nodeType)).toBe('430964656d6f2e4e6f646592046e616d65046e657874600473656c665190');
  });

  it('names typed arrays the way hessian-lite writes them', () => {
    expect(toHessian([['a']], java.array(java.array('java.lang.String')))).toEqual({
      $class: '[[string',
      $: [{ $class: '[string', $: ['a'] }],
    });
    expect(toHessian([{ city: 'a' }], java.array(address))).toMatchObject({ $class: '[demo.Address' });
    expect(toHessian([new Date(0)], java.array('java.util.Date'))).toMatchObject({ $class: '[date' });
    expect(toHessian([1], java.array('java.lang.Object'))).toMatchObject({ $class: '[object' });
    expect(toHessian([1], java.array('long'))).toEqual({ $class: '[long', $: [{ $class: 'long', $: 1 }] });
    expect(toHessian(['h', 'i'], java.array('char'))).toBe('hi');
  });

  it('turns a Set into a list and a JS Map into an ES6 Map with typed keys', () => {
    expect(wire(new Set(['a']), java.set('java.lang.String'))).toBe('790161');
    expect(wire(new Map([[1, 'one']]), java.map('java.lang.Integer', 'java.lang.String'))).toBe(
      '4891036f6e655a',
    );
    expect(wire({ 1: 'one' }, java.map('java.lang.Long', 'java.lang.String'))).toBe('48e1036f6e655a');
    expect(wire({ 1: 'one' }, java.map('java.lang.Integer', 'java.lang.String'))).toBe('4891036f6e655a');
  });

  it('sends a map with a $class key as a map, not as null', () => {
    expect(wire({ $class: 'x' }, java.map('java.lang.String', 'java.lang.String'))).toBe(
      '480624636c61737301785a',
    );
  });

  it('converts open (Object) values by what they are', () => {
    expect(wire(1e300, 'java.lang.Object')).toBe('447e37e43c8800759c');
    expect(wire(Number.NaN, 'java.lang.Object')).toBe('447ff8000000000000');
    expect(wire(2n ** 60n, 'java.lang.Object')).toBe('4c1000000000000000');
    expect(wire(Uint8Array.of(9), 'java.lang.Object')).toBe('2109');
    expect(wire([1.5, new Set([true])], java.list())).toBe('7a5f000005dc7954');
    expect(wire({ $class: 'long', $: 5 }, 'java.lang.Object')).toBe('e5');
  });

  it('rejects a value nested deeper than the stack with InvalidArgument', () => {
    const fields: Record<string, JavaType> = {};
    const nodeType = java.pojo('demo.Node', fields);
    fields.next = nodeType;
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { next: deep };
    expect(rejection(deep, nodeType).rawMessage).toBe('argument 0: value nested too deeply');
  });
});

describe('rejections are InvalidArgument naming the path and Java type', () => {
  it('reports the example of the contract exactly', () => {
    const error = rejection(1.5, 'java.lang.Integer');
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toBe('argument 0 (java.lang.Integer): expected an int32, got 1.5');
  });

  it.each<[string, unknown, JavaType, string]>([
    ['int overflow', 2147483648, 'int', 'argument 0 (int): expected an int32, got 2147483648'],
    ['int from string', '1', 'int', 'argument 0 (int): expected an int32, got a string'],
    ['null primitive', null, 'int', 'argument 0 (int): expected a int, got null'],
    ['undefined primitive', undefined, 'boolean', 'argument 0 (boolean): expected a boolean, got undefined'],
    [
      'long text',
      'abc',
      'long',
      'argument 0 (long): expected an integer, bigint or decimal string, got a string',
    ],
    [
      'long fraction',
      1.5,
      'java.lang.Long',
      'argument 0 (java.lang.Long): expected a safe integer (pass larger longs as bigint or decimal string), got a number',
    ],
    [
      'long 1e300',
      1e300,
      'long',
      'argument 0 (long): expected a safe integer (pass larger longs as bigint or decimal string), got a number',
    ],
    [
      'long overflow',
      2n ** 63n,
      'long',
      'argument 0 (long): expected a value in the int64 range, got a bigint',
    ],
    [
      'long overflow text',
      '9223372036854775808',
      'long',
      'argument 0 (long): expected a value in the int64 range, got a string',
    ],
    ['short overflow', 40000, 'short', 'argument 0 (short): expected an integer in -32768..32767, got 40000'],
    [
      'byte overflow',
      200,
      'java.lang.Byte',
      'argument 0 (java.lang.Byte): expected an integer in -128..127, got 200',
    ],
    ['double from string', '1.5', 'double', 'argument 0 (double): expected a number, got a string'],
    ['boolean from string', 'false', 'boolean', 'argument 0 (boolean): expected a boolean, got a string'],
    ['two chars', 'AB', 'char', 'argument 0 (char): expected a one-character string, got a string'],
    [
      'invalid Date',
      new Date(Number.NaN),
      'java.util.Date',
      'argument 0 (java.util.Date): expected a valid Date, got a Date',
    ],
    ['Date from number', 0, 'java.util.Date', 'argument 0 (java.util.Date): expected a valid Date, got 0'],
    [
      'BigDecimal text',
      '12,5',
      'java.math.BigDecimal',
      'argument 0 (java.math.BigDecimal): expected a decimal string such as "123.45", got a string',
    ],
    [
      'BigDecimal Infinity',
      Number.POSITIVE_INFINITY,
      'java.math.BigDecimal',
      'argument 0 (java.math.BigDecimal): expected a decimal string, finite number or bigint, got a number',
    ],
    [
      'BigInteger fraction',
      '1.5',
      'java.math.BigInteger',
      'argument 0 (java.math.BigInteger): expected a bigint, safe integer or decimal integer string, got a string',
    ],
    ['byte[] from array', [1, 2], '[B', 'argument 0 ([B): expected a Uint8Array, got an array'],
    [
      'enum value',
      'GONE',
      java.enumOf('demo.Status', ['ACTIVE', 'DISABLED']),
      'argument 0 (demo.Status): expected one of ACTIVE, DISABLED',
    ],
    [
      'enum number',
      1,
      java.enumOf('demo.Status'),
      'argument 0 (demo.Status): expected an enum constant name, got 1',
    ],
    ['pojo from string', 'x', address, 'argument 0 (demo.Address): expected an object, got a string'],
    [
      'pojo unknown field',
      { city: 'a', street: 'b' },
      address,
      'argument 0 (demo.Address): expected only declared fields, got a field named "street"',
    ],
    [
      'pojo nested field',
      { city: 5 },
      address,
      'argument 0.city (java.lang.String): expected a string, got 5',
    ],
    ['list from Set', new Set([1]), java.list(), 'argument 0 (java.util.List): expected an array, got a Set'],
    [
      'list item',
      [1, 'x'],
      java.list('java.lang.Long'),
      'argument 0[1] (java.lang.Long): expected an integer, bigint or decimal string, got a string',
    ],
    ['primitive array item', [1, null], java.array('int'), 'argument 0[1] (int): expected a int, got null'],
    ['array from object', {}, java.array('int'), 'argument 0 ([I): expected an array, got an object'],
    [
      'map from array',
      [],
      java.map(),
      'argument 0 (java.util.Map): expected a Map or a plain object, got an array',
    ],
    [
      'map key',
      new Map([['x', 1]]),
      java.map('java.lang.Integer', 'int'),
      'argument 0[key #0] (java.lang.Integer): expected an int32, got a string',
    ],
    [
      'map value',
      { a: 'x' },
      java.map('java.lang.String', 'int'),
      'argument 0.a (int): expected an int32, got a string',
    ],
    [
      'function as Object',
      () => 1,
      'java.lang.Object',
      'argument 0 (java.lang.Object): expected a serializable value, got a function',
    ],
  ])('%s', (_name, value, type, message) => {
    const error = rejection(value, type);
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toBe(message);
  });

  it('never echoes a long value', () => {
    for (const value of ['9223372036854775808', 2n ** 64n, 123456789.5, '12a']) {
      expect(rejection(value, 'long').rawMessage).not.toMatch(/\d{4}/);
    }
  });

  it('uses "value" as the default path', () => {
    expect(() => toHessian(1.5, 'int')).toThrowError('value (int): expected an int32, got 1.5');
  });
});
