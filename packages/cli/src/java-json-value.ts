import type { JavaType } from '@dubbo-mesh/codec-triple';
import { UsageError } from './usage-error.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Turns a JSON argument into the JS value codec-triple's `toHessian` takes for `type`, where JSON has no
 * spelling of its own: a `java.util.Date` is an ISO-8601 string or epoch milliseconds, a `byte[]` a base64
 * string or an array of byte values. Everything else is passed on as it is; `toHessian` checks it and
 * names the argument when it does not fit.
 */
export function fromJsonForJava(value: unknown, type: JavaType, path: string): unknown {
  if (value === null || value === undefined) return value;
  if (type === 'java.util.Date') return toDate(value, path);
  if (type === '[B') return toBytes(value, path);
  if (typeof type === 'string') return value;
  switch (type.kind) {
    case 'array':
      if (type.element === 'byte') return toBytes(value, path);
      return mapItems(value, type.element, path);
    case 'list':
    case 'set':
      return type.element === undefined ? value : mapItems(value, type.element, path);
    case 'map': {
      const valueType = type.value;
      if (valueType === undefined || !isRecord(value)) return value;
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, fromJsonForJava(item, valueType, `${path}.${key}`)]),
      );
    }
    case 'pojo':
      if (!isRecord(value)) return value;
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => {
          const fieldType = type.fields[key];
          return [key, fieldType === undefined ? item : fromJsonForJava(item, fieldType, `${path}.${key}`)];
        }),
      );
    case 'enum':
      return value;
  }
}

function mapItems(value: unknown, element: JavaType, path: string): unknown {
  return Array.isArray(value)
    ? value.map((item, i) => fromJsonForJava(item, element, `${path}[${i}]`))
    : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toDate(value: unknown, path: string): Date {
  const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new UsageError(
      `ARGS_JSON ${path} (java.util.Date): expected an ISO-8601 string or epoch milliseconds`,
    );
  }
  return date;
}

function toBytes(value: unknown, path: string): Buffer {
  if (typeof value === 'string' && BASE64.test(value)) return Buffer.from(value, 'base64');
  if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= -128 && b <= 255)) {
    return Buffer.from(value.map((b: number) => b & 0xff));
  }
  throw new UsageError(`ARGS_JSON ${path} (byte[]): expected a base64 string or an array of byte values`);
}
