import type { Enum, Field, Type } from 'protobufjs';

/**
 * A strict check of a plain object (or message instance) against a protobuf type, run before
 * `Type.fromObject`. `Type.verify` alone rejects the very shape our decoder returns (longs as strings, enums
 * as names), and `fromObject` alone silently coerces bad scalars (`'abc'` for an int32 becomes 0). This
 * accepts both shapes and rejects everything `fromObject` would mangle. Returns a problem or `null`.
 */
export function checkMessage(type: Type, value: unknown, path: string, depth = 0): string | null {
  // It runs on every request message: the first pass builds no path strings (they were most of its
  // allocations); only a message with a problem is checked again to describe it.
  if (problemIn(type, value, undefined, depth) === null) return null;
  return problemIn(type, value, path, depth);
}

/** A path, or `undefined` while no problem has been seen (then nothing is built). */
type Path = string | undefined;

function child(path: Path, name: string): Path {
  return path === undefined ? undefined : `${path}.${name}`;
}

function problemIn(type: Type, value: unknown, path: Path, depth: number): string | null {
  if (depth > 100) return `${path}: nested too deeply`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path}: object expected`;
  const record = value as Record<string, unknown>;
  for (const oneof of type.oneofsArray) {
    let setCount = 0;
    for (const field of oneof.fieldsArray) if (record[field.name] != null) setCount++;
    if (setCount > 1) {
      const set = oneof.fieldsArray.filter((field) => record[field.name] != null);
      return `${path}.${oneof.name}: only one of ${set.map((f) => f.name).join(', ')} may be set`;
    }
  }
  for (const field of type.fieldsArray) {
    const fieldValue = record[field.name];
    if (fieldValue == null) continue;
    const problem = checkField(field.resolve(), fieldValue, child(path, field.name), depth);
    if (problem !== null) return problem;
  }
  return null;
}

function checkField(field: Field, value: unknown, path: Path, depth: number): string | null {
  if (field.map) {
    if (typeof value !== 'object' || Array.isArray(value)) return `${path}: object (map) expected`;
    const keyType = 'keyType' in field && typeof field.keyType === 'string' ? field.keyType : 'string';
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
      if (!validKey(keyType, key)) return `${path}: key of type ${keyType} expected`;
      const problem = checkValue(
        field,
        entry,
        path === undefined ? undefined : `${path}[${JSON.stringify(key)}]`,
        depth,
      );
      if (problem !== null) return problem;
    }
    return null;
  }
  if (field.repeated) {
    if (!Array.isArray(value)) return `${path}: array expected`;
    for (let i = 0; i < value.length; i++) {
      const problem = checkValue(field, value[i], path === undefined ? undefined : `${path}[${i}]`, depth);
      if (problem !== null) return problem;
    }
    return null;
  }
  return checkValue(field, value, path, depth);
}

const INT32 = [-(2 ** 31), 2 ** 31 - 1] as const;
const UINT32 = [0, 2 ** 32 - 1] as const;
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;
const UINT64 = [0n, 2n ** 64n - 1n] as const;

function checkValue(field: Field, value: unknown, path: Path, depth: number): string | null {
  const resolved = field.resolvedType;
  if (resolved !== null) {
    if (isEnum(resolved)) return checkEnum(resolved, value, path);
    return problemIn(resolved, value, path, depth + 1);
  }
  switch (field.type) {
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return intInRange(value, INT32) ? null : `${path}: int32 expected`;
    case 'uint32':
    case 'fixed32':
      return intInRange(value, UINT32) ? null : `${path}: uint32 expected`;
    case 'int64':
    case 'sint64':
    case 'sfixed64':
      return longInRange(value, INT64)
        ? null
        : `${path}: int64 (integer, bigint, decimal string or Long) expected`;
    case 'uint64':
    case 'fixed64':
      return longInRange(value, UINT64)
        ? null
        : `${path}: uint64 (integer, bigint, decimal string or Long) expected`;
    case 'double':
    case 'float':
      return typeof value === 'number' ? null : `${path}: number expected`;
    case 'bool':
      return typeof value === 'boolean' ? null : `${path}: boolean expected`;
    case 'string':
      return typeof value === 'string' ? null : `${path}: string expected`;
    case 'bytes':
      return value instanceof Uint8Array || typeof value === 'string'
        ? null
        : `${path}: Uint8Array or base64 string expected`;
    default:
      return `${path}: unsupported field type ${field.type}`;
  }
}

function isEnum(resolved: Type | Enum): resolved is Enum {
  return 'valuesById' in resolved;
}

function checkEnum(type: Enum, value: unknown, path: Path): string | null {
  if (typeof value === 'string')
    return Object.hasOwn(type.values, value) ? null : `${path}: one of ${type.name}'s names expected`;
  if (!intInRange(value, INT32)) return `${path}: enum name or number expected`;
  // proto3 enums are open (unknown numbers survive); proto2 enums are closed and fromObject drops them.
  const features: unknown = Reflect.get(type, '_features');
  const closed =
    typeof features === 'object' && features !== null && Reflect.get(features, 'enum_type') === 'CLOSED';
  return closed && type.valuesById[value as number] === undefined
    ? `${path}: unknown ${type.name} value`
    : null;
}

function intInRange(value: unknown, [min, max]: readonly [number, number]): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function longInRange(value: unknown, [min, max]: readonly [bigint, bigint]): boolean {
  let big: bigint;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) big = BigInt(value);
  else if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) big = BigInt(value);
  else return isLongLike(value);
  return big >= min && big <= max;
}

function isLongLike(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { low, high } = value as { low?: unknown; high?: unknown };
  return Number.isInteger(low) && Number.isInteger(high);
}

function validKey(keyType: string, key: string): boolean {
  if (keyType === 'string') return true;
  if (keyType === 'bool') return key === 'true' || key === 'false';
  if (!/^-?\d+$/.test(key)) return false;
  const big = BigInt(key);
  if (keyType.endsWith('64'))
    return keyType.startsWith('u') || keyType === 'fixed64'
      ? big >= 0n && big < 2n ** 64n
      : big >= INT64[0] && big <= INT64[1];
  if (keyType === 'uint32' || keyType === 'fixed32') return big >= 0n && big < 2n ** 32n;
  return big >= -(2n ** 31n) && big < 2n ** 31n;
}
