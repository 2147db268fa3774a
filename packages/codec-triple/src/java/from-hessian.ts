import { ConversionMemo } from './conversion-memo.js';
import type { JavaType } from './java-type.js';

/**
 * Shapes a decoded result into the JS type its declared Java type promises (`JavaToTs`): hessian
 * decodes BigDecimal as `{value}`, enums as `{name}` and BigInteger as its JDK fields (hessian.md
 * §2), which would leak wire details into typed code. Anything that does not have the expected
 * wire shape is returned as decoded, never guessed at.
 */
export function fromHessian(value: unknown, type: JavaType): unknown {
  return shape(value, type, undefined);
}

/**
 * `memo` maps each decoded list or object to its shaped copy, created on the first container: a
 * cyclic value (hessian.md §3 References) under a self-referencing type (a linked-list node whose
 * `next` is its own class) would otherwise recurse until the stack overflows, and shared values
 * stay shared.
 */
function shape(value: unknown, type: JavaType, memo: ConversionMemo | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (typeof type === 'string') {
    switch (type) {
      case 'java.math.BigDecimal':
        return fieldOf(value, 'value') ?? value;
      case 'java.math.BigInteger':
        return bigIntegerOf(value) ?? value;
      default:
        return value;
    }
  }
  switch (type.kind) {
    case 'enum':
      return fieldOf(value, 'name') ?? value;
    case 'list':
    case 'set':
    case 'array': {
      if (!Array.isArray(value) || type.element === undefined) return value;
      const known = memo?.get(value, type);
      if (known !== undefined) return known;
      memo ??= new ConversionMemo();
      const shaped = memo.set(value, type, [] as unknown[]);
      for (const item of value) shaped.push(shape(item, type.element, memo));
      return shaped;
    }
    case 'pojo': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const known = memo?.get(value, type);
      if (known !== undefined) return known;
      memo ??= new ConversionMemo();
      const shaped = memo.set(value, type, { ...(value as Record<string, unknown>) });
      for (const [name, fieldType] of Object.entries(type.fields)) {
        if (name in shaped) shaped[name] = shape(shaped[name], fieldType, memo);
      }
      return shaped;
    }
    case 'map':
      return value;
  }
}

function fieldOf(value: unknown, field: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const got = (value as Record<string, unknown>)[field];
  return typeof got === 'string' ? got : undefined;
}

/** `{signum, mag: int32[]}` (big-endian words) back to a bigint (hessian.md §2 BigInteger). */
function bigIntegerOf(value: unknown): bigint | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { signum, mag } = value as { signum?: unknown; mag?: unknown };
  if (typeof signum !== 'number' || !Array.isArray(mag)) return undefined;
  let magnitude = 0n;
  for (const word of mag) {
    if (typeof word !== 'number') return undefined;
    magnitude = (magnitude << 32n) | BigInt(word >>> 0);
  }
  return signum < 0 ? -magnitude : magnitude;
}

/**
 * Whether `fromHessian(value, type)` can only return a copy of `value`: no BigDecimal, BigInteger or enum
 * anywhere in the type. The hot path then skips the copy (issue 5), for values that share nothing and
 * hold no maps, which is what the fast reader returns.
 */
export function isConversionFree(type: JavaType, visiting: Set<JavaType> = new Set()): boolean {
  if (typeof type === 'string') return type !== 'java.math.BigDecimal' && type !== 'java.math.BigInteger';
  if (visiting.has(type)) return true;
  visiting.add(type);
  switch (type.kind) {
    case 'enum':
      return false;
    case 'list':
    case 'set':
    case 'array':
      return type.element === undefined || isConversionFree(type.element, visiting);
    case 'pojo':
      return Object.values(type.fields).every((field) => isConversionFree(field, visiting));
    case 'map':
      return true;
  }
}
