import { Code } from '../code.js';
import { RpcError } from '../rpc-error.js';
import { ConversionMemo } from './conversion-memo.js';
import { argumentError, describe } from './java-arg-error.js';
import { isPrimitive, type JavaEnumType, type JavaPojoType, type JavaType } from './java-type.js';
import { arrayToHessian, listToHessian, mapToHessian } from './to-hessian-collection.js';
import { dynamicToHessian } from './to-hessian-dynamic.js';
import {
  type HessianTyped,
  integerIn,
  toBigDecimal,
  toBigInteger,
  toBinary,
  toDate,
  toLong,
} from './to-hessian-scalar.js';

/**
 * Converts a JS value into the hessian.js input that hessian-lite reads as `type` (hessian.md §1–2), to be
 * passed to `hessian.encode(result, '2.0')`. Every silent corruption of hessian.md §8 becomes an
 * `RpcError(Code.InvalidArgument)` naming `path` and the Java type instead: ints are range-checked,
 * longs, doubles, floats, shorts and bytes are wrapped, POJOs always carry every field, and so on.
 * `null`/`undefined` give null, except for primitives, which reject them. Shared and cyclic objects stay
 * shared (sent as back-references).
 */
export function toHessian(value: unknown, type: JavaType, path = 'value'): unknown {
  try {
    return convert(value, type, path, new ConversionMemo());
  } catch (error) {
    // A recursive POJO type fed a very deep value can exhaust the stack before anything is written.
    if (error instanceof RangeError)
      throw new RpcError(Code.InvalidArgument, `${path}: value nested too deeply`, { cause: error });
    throw error;
  }
}

function convert(value: unknown, type: JavaType | undefined, path: string, memo: ConversionMemo): unknown {
  if (type === undefined || type === 'java.lang.Object') return dynamicToHessian(value, path, memo);
  if (value === null || value === undefined) {
    if (isPrimitive(type)) throw argumentError(path, type, `a ${type}`, describe(value));
    return null;
  }
  if (typeof type === 'string') return scalarToHessian(value, type, path);
  switch (type.kind) {
    case 'enum':
      return enumToHessian(value, type, path);
    case 'pojo':
      return pojoToHessian(value, type, path, memo);
    case 'list':
    case 'set':
      return listToHessian(value, type, path, memo, convert);
    case 'array':
      return arrayToHessian(value, type, path, memo, convert);
    case 'map':
      return mapToHessian(value, type, path, memo, convert);
  }
}

function scalarToHessian(value: unknown, type: Extract<JavaType, string>, path: string): unknown {
  switch (type) {
    case 'int':
    case 'java.lang.Integer':
      // A bare int32 is written as a Hessian int, which is exactly an Integer (§7 vector 1).
      return integerIn(value, -(2 ** 31), 2 ** 31 - 1, path, type, 'an int32');
    case 'long':
    case 'java.lang.Long':
      return toLong(value, path, type);
    case 'short':
    case 'java.lang.Short':
      return {
        $class: 'short',
        $: integerIn(value, -32768, 32767, path, type, 'an integer in -32768..32767'),
      } satisfies HessianTyped;
    case 'byte':
    case 'java.lang.Byte':
      return {
        $class: 'byte',
        $: integerIn(value, -128, 127, path, type, 'an integer in -128..127'),
      } satisfies HessianTyped;
    case 'double':
    case 'java.lang.Double':
    case 'float':
    case 'java.lang.Float':
      if (typeof value !== 'number') throw argumentError(path, type, 'a number', describe(value));
      // Wrapped so that 2 stays a double and NaN is not sent as null (hessian.md §1).
      return {
        $class: type === 'float' || type === 'java.lang.Float' ? 'float' : 'double',
        $: value,
      } satisfies HessianTyped;
    case 'boolean':
    case 'java.lang.Boolean':
      if (typeof value !== 'boolean') throw argumentError(path, type, 'a boolean', describe(value));
      return value;
    case 'char':
    case 'java.lang.Character':
      if (typeof value !== 'string' || value.length !== 1)
        throw argumentError(path, type, 'a one-character string', describe(value));
      return value;
    case 'java.lang.String':
      if (typeof value !== 'string') throw argumentError(path, type, 'a string', describe(value));
      return value;
    case 'java.util.Date':
      return toDate(value, path, type);
    case 'java.math.BigDecimal':
      return toBigDecimal(value, path, type);
    case 'java.math.BigInteger':
      return toBigInteger(value, path, type);
    case '[B':
      return toBinary(value, path, type);
    case 'java.lang.Object':
      throw new Error('unreachable: Object is converted dynamically');
    case 'void':
      throw argumentError(path, type, 'no value: void is only a return type', describe(value));
  }
}

/** `{$class, $: {name}}`; a bare string fails in Java (hessian.md §2 Enum, §7 vector 7). */
function enumToHessian(value: unknown, type: JavaEnumType, path: string): HessianTyped {
  if (typeof value !== 'string') throw argumentError(path, type, 'an enum constant name', describe(value));
  if (type.values !== undefined && !type.values.includes(value))
    throw argumentError(path, type, `one of ${type.values.join(', ')}`);
  return { $class: type.className, $: { name: value } };
}

/**
 * Every declared field, in declaration order, null where the value has none: hessian.js freezes a
 * class's field list at its first instance and drops later instances' extra keys (hessian.md §2 POJOs).
 * Keys the type does not declare are rejected rather than silently dropped.
 */
function pojoToHessian(value: unknown, type: JavaPojoType, path: string, memo: ConversionMemo): HessianTyped {
  if (
    typeof value !== 'object' ||
    Array.isArray(value) ||
    value instanceof Map ||
    value instanceof Set ||
    value instanceof Date ||
    value instanceof Uint8Array
  ) {
    throw argumentError(path, type, 'an object', describe(value));
  }
  const known = memo.get(value as object, type);
  if (known !== undefined) return known as HessianTyped;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(type.fields, key) && record[key] !== undefined)
      throw argumentError(path, type, 'only declared fields', `a field named ${JSON.stringify(key)}`);
  }
  const fields = Object.create(null) as Record<string, unknown>;
  const typed = memo.set(record, type, { $class: type.className, $: fields });
  for (const [name, fieldType] of Object.entries(type.fields)) {
    const field = record[name];
    // A null primitive field is fine: hessian-lite reads N as the field's default (0, false).
    fields[name] =
      field === null || field === undefined ? null : convert(field, fieldType, `${path}.${name}`, memo);
  }
  return typed;
}
