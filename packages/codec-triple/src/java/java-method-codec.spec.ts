import fc from 'fast-check';
import hessian from 'hessian.js';
import { describe, expect, it } from 'vitest';
import { Code } from '../code.js';
import { RpcError } from '../rpc-error.js';
import { decodeRequestWrapper, decodeResponseWrapper, encodeResponseWrapper } from '../wrapper.js';
import { fromHessian } from './from-hessian.js';
import { readHessian } from './hessian-reader.js';
import { encodeJavaException, JavaException } from './java-exception.js';
import { createJavaMethodCodec } from './java-method-codec.js';
import { type JavaType, java } from './java-type.js';
import { toHessian } from './to-hessian.js';

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
/** The wrapper message of a triple.md §10 DATA vector: everything after the 5-byte frame prefix. */
const unframe = (text: string): Uint8Array => hex(text).subarray(5);

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const sayHello = createJavaMethodCodec({ argTypes: ['java.lang.String'], returnType: 'java.lang.String' });

describe('triple.md §10 vectors through the codec', () => {
  it('2: sayHello("world")', () => {
    const expected = unframe(`00 00 00 00 24 0a 08 68 65 73 73 69 61 6e 34 12 06 05 77 6f 72 6c 64
      1a 10 6a 61 76 61 2e 6c 61 6e 67 2e 53 74 72 69 6e 67`);
    expect(toHex(sayHello.encodeRequest(['world']))).toBe(toHex(expected));
    expect(sayHello.argTypeNames).toEqual(['java.lang.String']);
  });

  it('2: with serializeType hessian2, as Go sends', () => {
    const codec = createJavaMethodCodec(
      { argTypes: ['java.lang.String'], returnType: 'java.lang.String' },
      { serializeType: 'hessian2' },
    );
    expect(toHex(codec.encodeRequest(['world']))).toBe(
      '0a086865737369616e32120605776f726c641a106a6176612e6c616e672e537472696e67',
    );
  });

  it('3: the "Hello world" reply, with hessian4 or hessian2', () => {
    const reply =
      unframe(`00 00 00 00 2a 0a 08 68 65 73 73 69 61 6e 34 12 0c 0b 48 65 6c 6c 6f 20 77 6f 72 6c 64
      1a 10 6a 61 76 61 2e 6c 61 6e 67 2e 53 74 72 69 6e 67`);
    expect(sayHello.decodeResponse(reply, 0)).toBe('Hello world');
    const go = encodeResponseWrapper({
      serializeType: 'hessian2',
      data: hex('0b48656c6c6f20776f726c64'),
      type: 'java.lang.String',
    });
    expect(sayHello.decodeResponse(go, 0)).toBe('Hello world');
  });

  it('4: a no-argument method', () => {
    const ping = createJavaMethodCodec({ argTypes: [], returnType: 'java.lang.Object' });
    expect(toHex(ping.encodeRequest([]))).toBe(
      toHex(unframe('00 00 00 00 0a 0a 08 68 65 73 73 69 61 6e 34')),
    );
  });

  it('5: int 1', () => {
    const codec = createJavaMethodCodec({ argTypes: ['int'], returnType: 'int' });
    expect(toHex(codec.encodeRequest([1]))).toBe(
      toHex(unframe('00 00 00 00 12 0a 08 68 65 73 73 69 61 6e 34 12 01 91 1a 03 69 6e 74')),
    );
  });

  it('6: a void reply is null, and so is a reply without data', () => {
    expect(
      sayHello.decodeResponse(
        unframe('00 00 00 00 13 0a 08 68 65 73 73 69 61 6e 34 12 01 4e 1a 04 76 6f 69 64'),
        0,
      ),
    ).toBeNull();
    expect(
      sayHello.decodeResponse(
        encodeResponseWrapper({ serializeType: 'hessian4', data: undefined, type: 'void' }),
        0,
      ),
    ).toBeNull();
  });

  it('10: tri-exception-code 3 turns the data into a thrown JavaException, not a value', () => {
    const data = encodeJavaException('com.x.InsufficientFundsException', 'not enough money', {
      fields: { code: 4001 },
    });
    const reply = encodeResponseWrapper({ serializeType: 'hessian4', data, type: 'java.lang.String' });
    const error = thrown(() => sayHello.decodeResponse(reply, 3));
    expect(error).toBeInstanceOf(JavaException);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as JavaException).className).toBe('com.x.InsufficientFundsException');
    expect((error as JavaException).message).toContain('not enough money');
    expect((error as JavaException).fields).toEqual({ code: 4001 });
    // The same bytes with code 0 are just a value (a field map).
    expect(sayHello.decodeResponse(reply, 0)).toMatchObject({
      detailMessage: 'not enough money',
      code: 4001,
    });
  });
});

describe('requests', () => {
  const transfer = createJavaMethodCodec({
    argTypes: [
      'long',
      java.list('java.lang.Long'),
      java.pojo('com.x.Memo', { text: 'java.lang.String', amount: 'java.math.BigDecimal' }),
      java.array('java.lang.String'),
    ],
    returnType: 'boolean',
  });

  it('sends each argument as its own Hessian value, with JVM argTypes names', () => {
    const request = decodeRequestWrapper(
      transfer.encodeRequest(['9007199254740993', [1, 2], { text: 'rent', amount: '12.50' }, ['a']]),
    );
    expect(request.serializeType).toBe('hessian4');
    expect(request.argTypes).toEqual(['long', 'java.util.List', 'com.x.Memo', '[Ljava.lang.String;']);
    expect(request.args.map((arg) => readHessian(arg))).toEqual([
      '9007199254740993',
      [1, 2],
      { text: 'rent', amount: { value: '12.50' } },
      ['a'],
    ]);
    expect(toHex(request.args[1] ?? new Uint8Array())).toBe('7ae1e2');
    // Each argument starts its own class and ref tables: the POJO's class definition is not shared.
    expect(request.args[2]?.[0]).toBe(0x43);
  });

  it('rejects a wrong argument count with InvalidArgument', () => {
    const error = thrown(() => transfer.encodeRequest([1, [], {}])) as RpcError;
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toBe('expected 4 arguments, got 3');
  });

  it('rejects a bad argument with InvalidArgument naming it', () => {
    const error = thrown(() => transfer.encodeRequest([1.5, [], {}, []])) as RpcError;
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toMatch(/^argument 0 \(long\): expected a safe integer/);
  });
});

describe('responses', () => {
  it('rejects serializations other than hessian2/hessian4 with Internal', () => {
    const reply = encodeResponseWrapper({
      serializeType: 'fastjson2',
      data: hessian.encode('x', '2.0'),
      type: 'java.lang.String',
    });
    const error = thrown(() => sayHello.decodeResponse(reply, 0)) as RpcError;
    expect(error.code).toBe(Code.Internal);
    expect(error.rawMessage).toBe('unsupported serialization "fastjson2"');
  });

  it('rejects an exception code without data, and garbage wrappers or data, with Internal', () => {
    const noData = encodeResponseWrapper({ serializeType: 'hessian4', data: undefined, type: 'void' });
    expect((thrown(() => sayHello.decodeResponse(noData, 3)) as RpcError).code).toBe(Code.Internal);
    expect((thrown(() => sayHello.decodeResponse(hex('0801'), 0)) as RpcError).code).toBe(Code.Internal);
    const trailing = encodeResponseWrapper({ serializeType: 'hessian4', data: hex('91ff'), type: 'int' });
    expect((thrown(() => sayHello.decodeResponse(trailing, 0)) as RpcError).code).toBe(Code.Internal);
  });

  it('applies the configured limits to results', () => {
    const codec = createJavaMethodCodec(
      { argTypes: [], returnType: java.list() },
      { limits: { maxDepth: 2 } },
    );
    const reply = encodeResponseWrapper({
      serializeType: 'hessian4',
      data: hex('797990'),
      type: 'java.util.List',
    });
    expect(thrown(() => codec.decodeResponse(reply, 0))).toBeInstanceOf(RpcError);
  });

  it('keeps unsafe longs exact as strings', () => {
    const reply = encodeResponseWrapper({
      serializeType: 'hessian4',
      data: hex('4c0020000000000001'),
      type: 'long',
    });
    expect(sayHello.decodeResponse(reply, 0)).toBe('9007199254740993');
  });
});

describe('decodeResponse: the same value or error as decoding the wrapper, then readHessian, then fromHessian', () => {
  /** The codec before its fast path (issue 5), step by step. */
  function reference(bytes: Uint8Array, returnType: JavaType): unknown {
    const { serializeType, data } = decodeResponseWrapper(bytes);
    if (serializeType !== 'hessian2' && serializeType !== 'hessian4')
      throw new RpcError(Code.Internal, `unsupported serialization ${JSON.stringify(serializeType)}`);
    return data === undefined ? null : fromHessian(readHessian(data), returnType);
  }

  function outcome(run: () => unknown): unknown {
    try {
      return { value: run() };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  const PRICE = java.pojo('demo.Price', {
    amount: 'java.math.BigDecimal',
    currency: java.enumOf('demo.Currency'),
    label: 'java.lang.String',
  });
  const types: JavaType[] = [
    'java.lang.String',
    'long',
    java.list(PRICE),
    PRICE,
    java.list('java.lang.Object'),
  ];
  const price = fc.record({
    amount: fc.constantFrom('1.50', '-3', '0.001'),
    currency: fc.constantFrom('EUR', 'CNY'),
    label: fc.string(),
  });
  const wrapper = fc
    .tuple(
      fc.constantFrom('hessian2', 'hessian4', 'hessian3', '\ufeffhessian4', 'json', ''),
      fc.oneof(
        fc.constant(undefined),
        fc
          .array(price, { maxLength: 4 })
          .map((prices) => hessian.encode(toHessian(prices, java.list(PRICE)), '2.0')),
        price.map((one) => hessian.encode(toHessian(one, PRICE), '2.0')),
        fc.string().map((text) => hessian.encode(text, '2.0')),
        fc.uint8Array({ maxLength: 12 }),
      ),
    )
    .map(([serializeType, data]) => encodeResponseWrapper({ serializeType, data, type: 'x' }));
  const damaged = fc.tuple(wrapper, fc.nat(), fc.nat(255)).map(([bytes, at, byte]) => {
    const copy = Uint8Array.from(bytes);
    copy[at % copy.length] = byte;
    return copy;
  });

  it('for valid, unsupported, damaged and arbitrary wrappers', () => {
    fc.assert(
      fc.property(
        fc.oneof(wrapper, damaged, fc.uint8Array({ maxLength: 30 })),
        fc.constantFrom(...types),
        (bytes, type) => {
          const codec = createJavaMethodCodec({ argTypes: [], returnType: type });
          const expected = outcome(() => reference(bytes, type));
          expect(outcome(() => codec.decodeResponse(bytes, 0))).toStrictEqual(expected);
          // As a frame decoder hands it over: a view into a larger buffer.
          const pooled = Buffer.alloc(bytes.length + 7);
          pooled.set(bytes, 3);
          const view = pooled.subarray(3, 3 + bytes.length);
          expect(outcome(() => codec.decodeResponse(view, 0))).toStrictEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('converts BigDecimal and enum fields on the fast path too', () => {
    const codec = createJavaMethodCodec({ argTypes: [], returnType: java.list(PRICE) });
    const data = hessian.encode(
      toHessian([{ amount: '1.50', currency: 'EUR', label: 'x' }], java.list(PRICE)),
      '2.0',
    );
    const bytes = encodeResponseWrapper({ serializeType: 'hessian2', data, type: 'java.util.List' });
    expect(codec.decodeResponse(bytes, 0)).toStrictEqual([{ amount: '1.50', currency: 'EUR', label: 'x' }]);
  });
});
