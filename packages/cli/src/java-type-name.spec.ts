import { argTypeName, java, toHessian } from '@dubbo-mesh/codec-triple';
import { describe, expect, it } from 'vitest';
import { javaTypesFor, parseTypeList } from './java-type-name.js';
import { UsageError } from './usage-error.js';

function one(name: string, value: unknown = null) {
  const [type] = javaTypesFor([name], [value]);
  return type!;
}

describe('parseTypeList', () => {
  it("splits on commas; '' is no arguments", () => {
    expect(parseTypeList('')).toEqual([]);
    expect(parseTypeList('int')).toEqual(['int']);
    expect(parseTypeList('int, java.lang.String')).toEqual(['int', 'java.lang.String']);
    expect(() => parseTypeList('int,,long')).toThrow(/type 2 of "int,,long" is empty/);
  });
});

describe('javaTypesFor: Class.getName() spellings (hessian.md §6)', () => {
  it.each([
    'int',
    'long',
    'short',
    'byte',
    'double',
    'float',
    'boolean',
    'char',
    'java.lang.Integer',
    'java.lang.Long',
    'java.lang.Boolean',
    'java.lang.String',
    'java.lang.Object',
    'java.util.Date',
    'java.math.BigDecimal',
    'java.math.BigInteger',
    '[B',
    '[I',
    '[J',
    '[Z',
    '[Ljava.lang.String;',
    '[[Ljava.lang.String;',
    '[[I',
    'java.util.List',
    'java.util.Map',
    'java.util.Set',
  ])('%s round-trips through argTypeName', (name) => {
    expect(argTypeName(one(name))).toBe(name);
  });

  it('maps arrays and collections to codec-triple types', () => {
    expect(one('[I')).toEqual(java.array('int'));
    expect(one('[[Ljava.lang.String;')).toEqual(java.array(java.array('java.lang.String')));
    expect(one('java.util.List')).toEqual(java.list());
    expect(one('java.util.Map')).toEqual(java.map());
    expect(one('[B')).toBe('[B');
  });

  it('makes any other class a POJO with the JSON object keys as Object fields', () => {
    const user = one('demo.User', { name: 'ann', age: 30 });
    expect(user).toEqual(java.pojo('demo.User', { name: 'java.lang.Object', age: 'java.lang.Object' }));
    expect(argTypeName(user)).toBe('demo.User');
    expect(toHessian({ name: 'ann', age: 30 }, user)).toEqual({
      $class: 'demo.User',
      $: { name: 'ann', age: 30 },
    });
  });

  it('gives a class one field list for the whole call (hessian sends it once)', () => {
    const [a, b] = javaTypesFor(['demo.User', 'demo.User'], [{ name: 'ann' }, { age: 3 }]);
    const expected = java.pojo('demo.User', { name: 'java.lang.Object', age: 'java.lang.Object' });
    expect(a).toEqual(expected);
    expect(b).toEqual(expected);
    // Every instance carries every field, null where its JSON had none.
    expect(toHessian({ name: 'ann' }, a!)).toEqual({ $class: 'demo.User', $: { name: 'ann', age: null } });
  });

  it('takes an array of a class from the keys of all its elements', () => {
    const users = one('[Ldemo.User;', [{ name: 'a' }, { age: 1 }, null]);
    expect(argTypeName(users)).toBe('[Ldemo.User;');
    expect(users).toEqual(
      java.array(java.pojo('demo.User', { name: 'java.lang.Object', age: 'java.lang.Object' })),
    );
  });

  it('makes a class given a JSON string an enum', () => {
    const color = one('demo.Color', 'RED');
    expect(color).toEqual(java.enumOf('demo.Color'));
    expect(toHessian('RED', color)).toEqual({ $class: 'demo.Color', $: { name: 'RED' } });
  });

  it('sends a null POJO argument as null', () => {
    expect(toHessian(null, one('demo.User', null))).toBeNull();
  });

  it.each([
    ['String', /write java\.lang\.String/],
    ['Integer', /write java\.lang\.Integer/],
    ['int[]', /\[I or \[Ljava\.lang\.String;/],
    ['java.util.ArrayList', /java\.util\.ArrayList is not supported/],
    ['java.util.HashMap', /java\.util\.HashMap is not supported/],
    ['[Q', /not a Java array name/],
    ['[L;', /not a Java array name/],
    ['[Ljava.lang.String', /not a Java array name/],
    ['com..x', /not a Java class name/],
    ['1abc', /not a Java class name/],
  ])('refuses %s', (name, pattern) => {
    expect(() => one(name)).toThrow(UsageError);
    expect(() => one(name)).toThrow(pattern);
  });

  it('refuses a class given something other than an object or a string', () => {
    expect(() => one('demo.User', [1, 2])).toThrow(/demo\.User takes a JSON object/);
    expect(() => one('demo.User', 7)).toThrow(/demo\.User takes a JSON object/);
  });
});
