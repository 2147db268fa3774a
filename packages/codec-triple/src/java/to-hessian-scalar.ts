import { argumentError, describe } from './java-arg-error.js';
import type { JavaType } from './java-type.js';

/** A hessian.js typed value: `$class` picks the writer (or the Java class), `$` is the payload. */
export interface HessianTyped {
  $class: string;
  $: unknown;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INTEGER_TEXT = /^[+-]?\d+$/;
/** What `new java.math.BigDecimal(String)` accepts. */
const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number in `[min, max]` with no fraction, or an InvalidArgument error. */
export function integerIn(
  value: unknown,
  min: number,
  max: number,
  path: string,
  type: JavaType,
  what: string,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw argumentError(path, type, what, describe(value));
  }
  return value === 0 ? 0 : value; // -0 has no Hessian form
}

/**
 * A Java long: a safe integer, a bigint or a decimal string, range-checked. Beyond 2^53 the payload is a
 * decimal string, which hessian.js writes exactly as `L` + 8 bytes (hessian.md §1, §7 vector 2); bigints
 * cannot go to hessian.js directly (it throws). The value is never echoed in errors.
 */
export function toLong(value: unknown, path: string, type: JavaType): HessianTyped {
  return { $class: 'long', $: longPayload(value, path, type) };
}

function longPayload(value: unknown, path: string, type: JavaType): number | string {
  let big: bigint;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value === 0 ? 0 : value;
    throw argumentError(
      path,
      type,
      'a safe integer (pass larger longs as bigint or decimal string)',
      describe(value, false),
    );
  }
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'string' && INTEGER_TEXT.test(value)) big = BigInt(value);
  else throw argumentError(path, type, 'an integer, bigint or decimal string', describe(value, false));
  if (big < INT64_MIN || big > INT64_MAX)
    throw argumentError(path, type, 'a value in the int64 range', describe(value, false));
  const small = Number(big);
  return Number.isSafeInteger(small) ? small : big.toString();
}

/**
 * `java.math.BigDecimal` as hessian-lite writes and reads it: a class with one field, `value`
 * (hessian.md §2, §7 vector 6). A bare string fails in Java.
 */
export function toBigDecimal(value: unknown, path: string, type: JavaType): HessianTyped {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'bigint') text = value.toString();
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else throw argumentError(path, type, 'a decimal string, finite number or bigint', describe(value, false));
  if (!DECIMAL_TEXT.test(text))
    throw argumentError(path, type, 'a decimal string such as "123.45"', describe(value, false));
  return { $class: 'java.math.BigDecimal', $: { value: text } };
}

/**
 * `java.math.BigInteger` as its JDK fields `signum` and `mag` (big-endian int32 words, a `[int` list); the
 * lazily computed caches may be left out (hessian.md §2 BigInteger).
 */
export function toBigInteger(value: unknown, path: string, type: JavaType): HessianTyped {
  let big: bigint;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) big = BigInt(value);
  else if (typeof value === 'string' && INTEGER_TEXT.test(value)) big = BigInt(value);
  else
    throw argumentError(
      path,
      type,
      'a bigint, safe integer or decimal integer string',
      describe(value, false),
    );
  const signum = big === 0n ? 0 : big < 0n ? -1 : 1;
  const mag: number[] = [];
  for (let rest = big < 0n ? -big : big; rest > 0n; rest >>= 32n)
    mag.unshift(Number(BigInt.asIntN(32, rest & 0xffffffffn)));
  return { $class: 'java.math.BigInteger', $: { signum, mag: { $class: '[int', $: mag } } };
}

/** `byte[]` must reach hessian.js as a Buffer; a plain Uint8Array would be written as a map (hessian.md §2). */
export function toBinary(value: unknown, path: string, type: JavaType): Buffer {
  if (!(value instanceof Uint8Array)) throw argumentError(path, type, 'a Uint8Array', describe(value));
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** A valid Date; hessian.js silently sends an invalid one as the epoch (hessian.md §8 pitfall 7). */
export function toDate(value: unknown, path: string, type: JavaType): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw argumentError(path, type, 'a valid Date', describe(value));
  return value;
}
