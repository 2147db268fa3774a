import type { ConversionMemo } from './conversion-memo.js';
import { argumentError, describe } from './java-arg-error.js';
import {
  argTypeName,
  type JavaArrayType,
  type JavaListType,
  type JavaMapType,
  type JavaSetType,
  type JavaType,
} from './java-type.js';
import { type HessianTyped, toBinary } from './to-hessian-scalar.js';

/** Converts one value to the given type, or as an open `Object` when the type is `undefined`. */
export type Convert = (
  value: unknown,
  type: JavaType | undefined,
  path: string,
  memo: ConversionMemo,
) => unknown;

/**
 * A List or Set: a bare array, which hessian.js writes as an untyped list and Java turns into an ArrayList
 * or, for a Set parameter, a HashSet (hessian.md §2). Items are converted to the element type, which is
 * what makes a top-level `List<Long>` arrive as Longs rather than Integers (hessian.md §8 pitfall 4).
 */
export function listToHessian(
  value: unknown,
  type: JavaListType | JavaSetType,
  path: string,
  memo: ConversionMemo,
  convert: Convert,
): unknown[] {
  const items = Array.isArray(value)
    ? value
    : type.kind === 'set' && value instanceof Set
      ? value
      : undefined;
  if (items === undefined)
    throw argumentError(path, type, type.kind === 'set' ? 'an array or a Set' : 'an array', describe(value));
  const known = memo.get(items, type);
  if (known !== undefined) return known as unknown[];
  const list = memo.set(items, type, [] as unknown[]);
  let i = 0;
  for (const item of items) list.push(convert(item, type.element, `${path}[${i++}]`, memo));
  return list;
}

/**
 * An array: a typed list named the way hessian-lite writes arrays (`[int`, `[string`, `[demo.Address`,
 * hessian.md §2 Arrays, §7 vector 8), so Java builds the right array even where it has no declared type.
 * `byte[]` is binary and `char[]` a string, as hessian-lite writes them.
 */
export function arrayToHessian(
  value: unknown,
  type: JavaArrayType,
  path: string,
  memo: ConversionMemo,
  convert: Convert,
): unknown {
  if (type.element === 'byte') return toBinary(value, path, type);
  if (type.element === 'char') {
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && value.every((c) => typeof c === 'string' && c.length === 1))
      return value.join('');
    throw argumentError(path, type, 'a string or an array of one-character strings', describe(value));
  }
  if (!Array.isArray(value)) throw argumentError(path, type, 'an array', describe(value));
  const known = memo.get(value, type);
  if (known !== undefined) return known;
  const items: unknown[] = [];
  const typed = memo.set(value, type, {
    $class: `[${componentName(type.element)}`,
    $: items,
  } satisfies HessianTyped);
  for (let i = 0; i < value.length; i++) items.push(convert(value[i], type.element, `${path}[${i}]`, memo));
  return typed;
}

/** hessian-lite's `ArraySerializer.getArrayType`: short names for String, Object and Date, else the class. */
function componentName(type: JavaType): string {
  if (typeof type === 'object' && type.kind === 'array') return `[${componentName(type.element)}`;
  if (type === '[B') return '[byte';
  if (type === 'java.lang.String') return 'string';
  if (type === 'java.lang.Object') return 'object';
  if (type === 'java.util.Date') return 'date';
  return argTypeName(type);
}

const STRING_KEYS = new Set<JavaType | undefined>([undefined, 'java.lang.String', 'java.lang.Object']);
const NUMBER_KEYS = new Set<JavaType | undefined>([
  'int',
  'short',
  'byte',
  'double',
  'float',
  'java.lang.Integer',
  'java.lang.Short',
  'java.lang.Byte',
  'java.lang.Double',
  'java.lang.Float',
]);

/**
 * A Map, from a JS `Map` (keys keep their types and order) or a plain object. A plain object with string
 * keys stays a plain object, which hessian.js writes as `H` with sorted keys (hessian.md §7 vector 9);
 * with non-string key types its keys are parsed (`'1'` → 1 for Integer keys) and it becomes an ES6 Map.
 */
export function mapToHessian(
  value: unknown,
  type: JavaMapType,
  path: string,
  memo: ConversionMemo,
  convert: Convert,
): unknown {
  const isMap = value instanceof Map;
  if (
    !isMap &&
    (typeof value !== 'object' ||
      value === null ||
      Array.isArray(value) ||
      value instanceof Set ||
      value instanceof Date ||
      value instanceof Uint8Array)
  ) {
    throw argumentError(path, type, 'a Map or a plain object', describe(value));
  }
  const known = memo.get(value, type);
  if (known !== undefined) return known;
  const entries: Iterable<[unknown, unknown]> = isMap
    ? (value as Map<unknown, unknown>)
    : Object.entries(value);
  // hessian.js writes an object with a `$class` key as null, so such maps go out as ES6 Maps.
  if (!isMap && STRING_KEYS.has(type.key) && !Object.hasOwn(value, '$class')) {
    const out = memo.set(value, type, Object.create(null) as Record<string, unknown>);
    for (const [key, item] of entries)
      out[key as string] = convert(item, type.value, `${path}.${key as string}`, memo);
    return out;
  }
  const out = memo.set(value, type, new Map<unknown, unknown>());
  let i = 0;
  for (const [rawKey, item] of entries) {
    const key = isMap ? rawKey : keyFromString(rawKey as string, type.key);
    out.set(
      convert(key, type.key, `${path}[key #${i}]`, memo),
      convert(item, type.value, `${path}[value #${i}]`, memo),
    );
    i++;
  }
  return out;
}

function keyFromString(key: string, keyType: JavaType | undefined): unknown {
  if (NUMBER_KEYS.has(keyType)) return key.trim() !== '' && Number.isFinite(Number(key)) ? Number(key) : key;
  if (keyType === 'boolean' || keyType === 'java.lang.Boolean')
    return key === 'true' ? true : key === 'false' ? false : key;
  return key;
}
