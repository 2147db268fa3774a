import type { ConversionMemo } from './conversion-memo.js';
import { argumentError, describe } from './java-arg-error.js';
import { type HessianTyped, toBinary, toDate, toLong } from './to-hessian-scalar.js';

const OBJECT = 'java.lang.Object';

/**
 * Converts a value whose Java type is open (`java.lang.Object`, or the items of an untyped list or map).
 * Java has no static type to go by here, so each value carries its own (hessian.md §0): integral int32
 * numbers stay ints, other safe integers become longs, every other number is sent as a double (a bare
 * 1e300 would become a clamped long and NaN a null, hessian.md §1); bigints become longs; byte arrays
 * become Buffers; Sets become lists; a `{$class, $}` object is trusted as already shaped for hessian.js.
 */
export function dynamicToHessian(value: unknown, path: string, memo: ConversionMemo): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isSafeInteger(value) ? value : ({ $class: 'double', $: value } satisfies HessianTyped);
    case 'bigint':
      return toLong(value, path, OBJECT);
    case 'function':
    case 'symbol':
      throw argumentError(path, OBJECT, 'a serializable value', describe(value));
  }
  if (value instanceof Date) return toDate(value, path, OBJECT);
  if (value instanceof Uint8Array) return toBinary(value, path, OBJECT);
  const known = memo.get(value as object, OBJECT);
  if (known !== undefined) return known;
  if (Array.isArray(value) || value instanceof Set) {
    const list = memo.set(value, OBJECT, [] as unknown[]);
    let i = 0;
    for (const item of value) list.push(dynamicToHessian(item, `${path}[${i++}]`, memo));
    return list;
  }
  if (value instanceof Map) {
    const map = memo.set(value, OBJECT, new Map<unknown, unknown>());
    let i = 0;
    for (const [key, item] of value) {
      map.set(
        dynamicToHessian(key, `${path}[key #${i}]`, memo),
        dynamicToHessian(item, `${path}[value #${i}]`, memo),
      );
      i++;
    }
    return map;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.$class === 'string') return value;
  const map = memo.set(value, OBJECT, Object.create(null) as Record<string, unknown>);
  for (const [key, item] of Object.entries(record)) map[key] = dynamicToHessian(item, `${path}.${key}`, memo);
  return map;
}
