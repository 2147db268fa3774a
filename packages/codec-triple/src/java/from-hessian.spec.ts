import hessian from 'hessian.js';
import { describe, expect, it } from 'vitest';
import { fromHessian } from './from-hessian.js';
import { readHessian } from './hessian-reader.js';
import { type JavaType, java } from './java-type.js';
import { toHessian } from './to-hessian.js';

/** What a provider would send for `value` declared as `type`, decoded the way a client reads it. */
function roundTrip(value: unknown, type: Parameters<typeof toHessian>[1]): unknown {
  return fromHessian(readHessian(hessian.encode(toHessian(value, type), '2.0')), type);
}

describe('fromHessian', () => {
  it('turns BigDecimal {value} into its decimal string', () => {
    expect(roundTrip('123.45', 'java.math.BigDecimal')).toBe('123.45');
  });

  it('turns BigInteger {signum, mag} back into a bigint', () => {
    for (const n of [0n, 5n, -5n, 2n ** 64n, -(12n ** 29n)])
      expect(roundTrip(n, 'java.math.BigInteger')).toBe(n);
  });

  it('turns enums {name} into the constant name', () => {
    expect(roundTrip('ACTIVE', java.enumOf('demo.Status', ['ACTIVE', 'DISABLED']))).toBe('ACTIVE');
  });

  it('shapes fields of POJOs and elements of lists', () => {
    const Order = java.pojo('demo.Order', {
      id: 'long',
      total: 'java.math.BigDecimal',
      status: java.enumOf('demo.Status'),
    });
    expect(roundTrip([{ id: 1, total: '9.90', status: 'PAID' }], java.list(Order))).toEqual([
      { id: 1, total: '9.90', status: 'PAID' },
    ]);
  });

  it('keeps values that do not have the expected wire shape', () => {
    expect(fromHessian({ other: 1 }, 'java.math.BigDecimal')).toEqual({ other: 1 });
    expect(fromHessian('x', java.enumOf('a.B'))).toBe('x');
    expect(fromHessian(undefined, 'java.lang.String')).toBeNull();
  });

  it('shapes a cycle under a self-referencing type without overflowing the stack, keeping sharing', () => {
    const fields: Record<string, JavaType> = { total: 'java.math.BigDecimal' };
    const Node = java.pojo('demo.Node', fields);
    fields.next = Node;
    const node: Record<string, unknown> = { total: { value: '1.50' } };
    node.next = node;
    const shaped = fromHessian(node, Node) as Record<string, unknown>;
    expect(shaped).toEqual(expect.objectContaining({ total: '1.50' }));
    expect(shaped.next).toBe(shaped);
    const list: unknown[] = [];
    list.push(list, node);
    const shapedList = fromHessian(list, java.list(Node)) as unknown[];
    expect(shapedList[1]).toEqual(expect.objectContaining({ total: '1.50' }));
  });
});
