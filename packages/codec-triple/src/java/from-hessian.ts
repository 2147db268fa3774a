import type { JavaType } from './java-type.js';

/**
 * Shapes a decoded result into the JS type its declared Java type promises (`JavaToTs`): hessian
 * decodes BigDecimal as `{value}`, enums as `{name}` and BigInteger as its JDK fields (hessian.md
 * §2), which would leak wire details into typed code. Anything that does not have the expected
 * wire shape is returned as decoded, never guessed at.
 */
export function fromHessian(value: unknown, type: JavaType): unknown {
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
    case 'array':
      return Array.isArray(value) && type.element !== undefined
        ? value.map((item: unknown) => fromHessian(item, type.element as JavaType))
        : value;
    case 'pojo': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const shaped: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [name, fieldType] of Object.entries(type.fields)) {
        if (name in shaped) shaped[name] = fromHessian(shaped[name], fieldType);
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
