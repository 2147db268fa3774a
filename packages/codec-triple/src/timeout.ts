import { Code } from './code.js';
import { RpcError } from './rpc-error.js';

/** `grpc-timeout` allows at most 8 digits (triple.md §2, "grpc-timeout"; gRPC HTTP/2 spec). */
const MAX_VALUE = 99_999_999;

/** Coarser units, tried in order when milliseconds need more than 8 digits. */
const COARSER_UNITS: readonly (readonly [unit: string, ms: number])[] = [
  ['S', 1000],
  ['M', 60_000],
  ['H', 3_600_000],
];

/**
 * Encodes a timeout for `grpc-timeout`: `<ms>m`, as Java and JS send it (triple.md §2). Fractions
 * round up and the result is at least `1m`, so a short deadline never becomes "no time at all" or
 * fails to parse. Above 8 digits of milliseconds the value switches to S, M, then H (rounded up);
 * anything beyond `99999999H` is clamped to it.
 *
 * @throws RpcError InvalidArgument when `ms` is NaN.
 */
export function encodeTimeout(ms: number): string {
  if (Number.isNaN(ms))
    throw new RpcError(Code.InvalidArgument, 'timeout must be a number of milliseconds, got NaN');
  const whole = Math.max(1, Math.ceil(ms));
  if (whole <= MAX_VALUE) return `${whole}m`;
  for (const [unit, size] of COARSER_UNITS) {
    const value = Math.ceil(whole / size);
    if (value <= MAX_VALUE) return `${value}${unit}`;
  }
  return `${MAX_VALUE}H`;
}

/**
 * Parses a `grpc-timeout` value into milliseconds (possibly fractional: `1500u` is 1.5).
 * Units `n u m S M H`, 1–8 digits, nothing else. A malformed value gives `undefined` and never
 * throws: Java ignores a bad value too (triple.md §2).
 */
export function parseTimeout(value: string): number | undefined {
  const digits = value.length - 1;
  if (digits < 1 || digits > 8) return undefined;
  let n = 0;
  for (let i = 0; i < digits; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  switch (value.charCodeAt(digits)) {
    case 72: // H
      return n * 3_600_000;
    case 77: // M
      return n * 60_000;
    case 83: // S
      return n * 1000;
    case 109: // m
      return n;
    case 117: // u: divide, so 3000000u is exactly 3000
      return n / 1000;
    case 110: // n
      return n / 1_000_000;
    default:
      return undefined;
  }
}
