/**
 * `grpc-message` codec. Peers disagree (triple.md §5): Java ≤3.2 percent-encodes with Netty's
 * QueryStringEncoder, Java 3.3 sends the message raw, Go uses gRPC-spec encoding, JS
 * `encodeURIComponent`. One lenient decoder reads them all.
 */

/** Hex digit value of a char code, or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87; // a-f
  return -1;
}

function escapedByteAt(value: string, i: number): number {
  if (value.charCodeAt(i) !== 37 || i + 2 >= value.length) return -1; // '%'
  const hi = hexValue(value.charCodeAt(i + 1));
  const lo = hexValue(value.charCodeAt(i + 2));
  return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
}

/**
 * Decodes a `grpc-message`: each run of valid `%XX` sequences becomes the UTF-8 text of its bytes
 * (invalid UTF-8 turns into U+FFFD); everything else, including an invalid `%`, a raw `100%` from
 * Java 3.3, and `+`, stays literal. Never throws (triple.md §5, "TS client").
 */
export function decodeGrpcMessage(value: string): string {
  if (value.indexOf('%') === -1) return value;
  let out = '';
  let literalStart = 0;
  let bytes: Buffer | undefined;
  let i = 0;
  while (i < value.length) {
    if (escapedByteAt(value, i) < 0) {
      i++;
      continue;
    }
    out += value.slice(literalStart, i);
    // Decode a whole run at once, so a multi-byte UTF-8 character split over escapes survives.
    bytes ??= Buffer.allocUnsafe((value.length / 3) | 0);
    let n = 0;
    for (let b = escapedByteAt(value, i); b >= 0; b = escapedByteAt(value, i)) {
      bytes[n++] = b;
      i += 3;
    }
    out += bytes.toString('utf8', 0, n);
    literalStart = i;
  }
  return out + value.slice(literalStart);
}

/** `%XX` for every byte value, built once. */
const ESCAPES: readonly string[] = Array.from(
  { length: 256 },
  (_, b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
);

/** True for a char that the gRPC spec lets through unescaped: printable ASCII except `%`. */
function isPlain(c: number): boolean {
  return c >= 0x20 && c <= 0x7e && c !== 37;
}

/**
 * Encodes a `grpc-message` per the gRPC HTTP/2 spec: the UTF-8 bytes outside 0x20–0x7E, and `%`,
 * become `%XX`. Every peer's decoder reads this (triple.md §5).
 */
export function encodeGrpcMessage(text: string): string {
  let i = 0;
  while (i < text.length && isPlain(text.charCodeAt(i))) i++;
  if (i === text.length) return text;
  const bytes = Buffer.from(text, 'utf8');
  let out = text.slice(0, i);
  for (let j = i; j < bytes.length; j++) {
    const b = bytes[j]!;
    out += isPlain(b) ? String.fromCharCode(b) : ESCAPES[b];
  }
  return out;
}
