import { Code } from '../code.js';
import { RpcError } from '../rpc-error.js';
import { argTypeName, type JavaType } from './java-type.js';

/**
 * The error for a JS value that cannot become the declared Java type:
 * `argument 0 (java.lang.Integer): expected an int32, got 1.5`. It names where the value was (`path`) and
 * what was expected, and describes what was given by kind only, except short numbers where that helps.
 */
export function argumentError(path: string, type: JavaType, expected: string, got?: string): RpcError {
  const received = got === undefined ? '' : `, got ${got}`;
  return new RpcError(
    Code.InvalidArgument,
    `${path} (${argTypeName(type)}): expected ${expected}${received}`,
  );
}

/**
 * A short description of a value for error messages. Strings are never echoed (they may be secrets),
 * numbers only when `echoNumbers` (off for longs and big numbers, hessian.md §8 pitfall 3).
 */
export function describe(value: unknown, echoNumbers = true): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return echoNumbers ? String(value) : 'a number';
    case 'boolean':
      return String(value);
    case 'string':
      return 'a string';
    case 'bigint':
      return 'a bigint';
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
  }
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  if (value instanceof Uint8Array) return 'a Uint8Array';
  if (value instanceof Map) return 'a Map';
  if (value instanceof Set) return 'a Set';
  return 'an object';
}
