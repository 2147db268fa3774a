/**
 * Latin1 string <-> octet helpers. Header names and values are octets (RFC 9113 §8.2); we keep them
 * as latin1 strings so one UTF-16 code unit is one octet and `string.length` is the octet count the
 * HPACK size rules use.
 */

/** Node's undocumented but long-stable fast paths; `toString('latin1', ...)` adds argument checks. */
interface Latin1Buffer extends Buffer {
  latin1Slice(start: number, end: number): string;
  latin1Write(text: string, offset: number, length: number): number;
}

/** Views `bytes` as a Buffer without copying (a Buffer is passed through as is). */
export function asLatin1Buffer(bytes: Uint8Array): Latin1Buffer {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer as Latin1Buffer;
}

/** Allocates a Buffer that has the latin1 fast paths typed. */
export function allocLatin1Buffer(size: number): Latin1Buffer {
  return Buffer.allocUnsafe(size) as Latin1Buffer;
}

export type { Latin1Buffer };
