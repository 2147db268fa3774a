/**
 * Turns a decoded value into one that `JSON.stringify` prints faithfully, for the one-JSON-line output of
 * cli.md: bigints become decimal strings (exact beyond 2^53), bytes become base64 (the proto JSON form),
 * Dates ISO strings, Maps objects, Sets arrays, `undefined` null. A value that contains itself (hessian
 * back-references can build cycles) prints `"[Circular]"` where it recurs; shared values print twice.
 */
export function toJsonValue(value: unknown): unknown {
  return convert(value, new Set());
}

function convert(value: unknown, ancestors: Set<object>): unknown {
  if (typeof value !== 'object' || value === null) return scalar(value);
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (ancestors.has(value)) return '[Circular]';
  ancestors.add(value);
  try {
    if (Array.isArray(value) || value instanceof Set)
      return Array.from(value, (item: unknown) => convert(item, ancestors));
    const out: Record<string, unknown> = {};
    const entries = value instanceof Map ? value.entries() : Object.entries(value);
    for (const [key, item] of entries) out[mapKey(key)] = convert(item, ancestors);
    return out;
  } finally {
    ancestors.delete(value);
  }
}

function scalar(value: unknown): unknown {
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      // JSON has no NaN or Infinity; proto JSON spells them as strings, and so do we.
      return Number.isFinite(value) ? value : String(value);
    case 'string':
    case 'boolean':
      return value;
    default:
      return null;
  }
}

function mapKey(key: unknown): string {
  if (typeof key === 'string') return key;
  const converted = convert(key, new Set());
  return typeof converted === 'string' ? converted : JSON.stringify(converted);
}
