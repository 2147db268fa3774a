import { describe, expect, it } from 'vitest';
import { toJsonValue } from './json-value.js';

describe('toJsonValue', () => {
  it('prints bigints as decimal strings and bytes as base64', () => {
    expect(
      toJsonValue({ id: 9007199254740993n, data: Buffer.from([1, 2, 3]), raw: Uint8Array.of(255) }),
    ).toEqual({
      id: '9007199254740993',
      data: 'AQID',
      raw: '/w==',
    });
  });

  it('prints Dates, Maps, Sets, undefined and non-finite numbers', () => {
    const map = new Map<unknown, unknown>([
      ['a', 1],
      [2, new Set(['x'])],
    ]);
    expect(toJsonValue([new Date(0), map, undefined, Number.NaN, Number.POSITIVE_INFINITY])).toEqual([
      '1970-01-01T00:00:00.000Z',
      { a: 1, '2': ['x'] },
      null,
      'NaN',
      'Infinity',
    ]);
  });

  it('breaks cycles but prints shared values in full', () => {
    const shared = { v: 1 };
    const node: Record<string, unknown> = { left: shared, right: shared };
    node.self = node;
    expect(toJsonValue(node)).toEqual({ left: { v: 1 }, right: { v: 1 }, self: '[Circular]' });
  });
});
