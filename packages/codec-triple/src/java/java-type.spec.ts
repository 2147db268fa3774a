import { describe, expect, expectTypeOf, it } from 'vitest';
import { argTypeName, type JavaToTs, type JavaType, java } from './java-type.js';

const user = java.pojo('com.x.User', { id: 'long', name: 'java.lang.String' });

describe('argTypeName (hessian.md §6)', () => {
  const table: Array<[JavaType, string]> = [
    ['int', 'int'],
    ['java.lang.Integer', 'java.lang.Integer'],
    ['long', 'long'],
    ['java.lang.Long', 'java.lang.Long'],
    ['short', 'short'],
    ['byte', 'byte'],
    ['double', 'double'],
    ['float', 'float'],
    ['boolean', 'boolean'],
    ['char', 'char'],
    ['java.lang.String', 'java.lang.String'],
    ['[B', '[B'],
    [java.array('byte'), '[B'],
    [java.array('int'), '[I'],
    [java.array('long'), '[J'],
    [java.array('double'), '[D'],
    [java.array('boolean'), '[Z'],
    [java.array('char'), '[C'],
    [java.array('short'), '[S'],
    [java.array('float'), '[F'],
    [java.array('java.lang.String'), '[Ljava.lang.String;'],
    [java.array(java.array('java.lang.String')), '[[Ljava.lang.String;'],
    [java.array(java.array('int')), '[[I'],
    [java.array('[B'), '[[B'],
    [java.array('java.lang.Object'), '[Ljava.lang.Object;'],
    [java.list('java.lang.Long'), 'java.util.List'],
    [java.list(), 'java.util.List'],
    [java.map('java.lang.String', 'java.lang.Long'), 'java.util.Map'],
    [java.set(), 'java.util.Set'],
    [user, 'com.x.User'],
    [java.pojo('com.x.Outer$Inner', {}), 'com.x.Outer$Inner'],
    [java.array(user), '[Lcom.x.User;'],
    [java.array(java.list()), '[Ljava.util.List;'],
    [java.enumOf('demo.Status'), 'demo.Status'],
    ['java.util.Date', 'java.util.Date'],
    ['java.math.BigDecimal', 'java.math.BigDecimal'],
    ['java.math.BigInteger', 'java.math.BigInteger'],
  ];
  it.each(table)('%j → %s', (type, name) => {
    expect(argTypeName(type)).toBe(name);
  });
});

describe('JavaToTs', () => {
  it('maps Java types to the values toHessian accepts', () => {
    expectTypeOf<JavaToTs<'int'>>().toEqualTypeOf<number>();
    expectTypeOf<JavaToTs<'java.lang.Long'>>().toEqualTypeOf<number | bigint | string>();
    expectTypeOf<JavaToTs<'char'>>().toEqualTypeOf<string>();
    expectTypeOf<JavaToTs<'java.math.BigDecimal'>>().toEqualTypeOf<string>();
    expectTypeOf<JavaToTs<'java.math.BigInteger'>>().toEqualTypeOf<bigint>();
    expectTypeOf<JavaToTs<'[B'>>().toEqualTypeOf<Uint8Array>();
    expectTypeOf<JavaToTs<'java.lang.Object'>>().toEqualTypeOf<unknown>();
    const longs = java.list('java.lang.Long');
    expectTypeOf<JavaToTs<typeof longs>>().toEqualTypeOf<(number | bigint | string)[]>();
    const status = java.enumOf('demo.Status', ['ACTIVE', 'DISABLED']);
    expectTypeOf<JavaToTs<typeof status>>().toEqualTypeOf<'ACTIVE' | 'DISABLED'>();
    const open = java.enumOf('demo.Open');
    expectTypeOf<JavaToTs<typeof open>>().toEqualTypeOf<string>();
    expectTypeOf<JavaToTs<typeof user>>().toEqualTypeOf<{
      id?: number | bigint | string | null;
      name?: string | null;
    }>();
    const grid = java.array(java.array('int'));
    expectTypeOf<JavaToTs<typeof grid>>().toEqualTypeOf<number[][]>();
    const scores = java.map('java.lang.String', 'double');
    expectTypeOf<JavaToTs<typeof scores>>().toEqualTypeOf<Record<string, number> | Map<string, number>>();
    const anything = java.list();
    expectTypeOf<JavaToTs<typeof anything>>().toEqualTypeOf<unknown[]>();
    const wide: JavaToTs<JavaType> = 5;
    expect(wide).toBe(5);
  });
});
