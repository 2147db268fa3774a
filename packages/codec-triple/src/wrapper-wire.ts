import { Code } from './code.js';
import { RpcError } from './rpc-error.js';

/**
 * The only protobuf wire shape the Triple wrappers use: length-delimited fields (wire type 2) with field
 * numbers 1–3, written the way Java's hand-written `TripleCustomerProtocolWrapper` writes them
 * (triple.md §4): a one-byte tag, an unsigned varint length, the payload.
 */

const WIRE_TYPE_LENGTH_DELIMITED = 2;
/** A 32-bit varint never needs more than five bytes; more is an overlong encoding we refuse. */
const MAX_VARINT_BYTES = 5;

/** Bytes an unsigned varint takes for `value` (0 ≤ value < 2^32). */
export function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 128)) size++;
  return size;
}

/** Bytes a length-delimited field with a `payloadLength`-byte payload takes (tag, length, payload). */
export function fieldSize(payloadLength: number): number {
  return 1 + varintSize(payloadLength) + payloadLength;
}

/** Writes one length-delimited field at `offset` of `out`; returns the offset after it. */
export function writeField(
  out: Uint8Array,
  offset: number,
  fieldNumber: 1 | 2 | 3,
  payload: Uint8Array,
): number {
  let at = offset;
  out[at++] = (fieldNumber << 3) | WIRE_TYPE_LENGTH_DELIMITED;
  let rest = payload.length;
  while (rest >= 0x80) {
    out[at++] = (rest & 0x7f) | 0x80;
    rest = Math.floor(rest / 128);
  }
  out[at++] = rest;
  out.set(payload, at);
  return at + payload.length;
}

/** One complete field as bytes, for callers that precompute constant fields once. */
export function encodeField(fieldNumber: 1 | 2 | 3, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(fieldSize(payload.length));
  writeField(out, 0, fieldNumber, payload);
  return out;
}

/** Where one field lies: filled in by `readFieldAt`, so a walk allocates nothing per field. */
export interface FieldSpan {
  fieldNumber: 1 | 2 | 3;
  /** Offset of the payload's first byte. */
  start: number;
  /** Offset after the payload: where the next field starts. */
  end: number;
}

/**
 * Walks the fields of a wrapper message and hands each payload (a view, not a copy) to `onField`.
 * Rejects, with `RpcError(Internal)`, exactly what Java's parser rejects (a wire type other than 2, a
 * field number outside 1–3) plus what it would mis-read: truncated or overlong varints and lengths past
 * the end. Non-minimal varints of at most five bytes are accepted, as protobuf and Java accept them.
 */
export function readFields(
  bytes: Uint8Array,
  message: string,
  onField: (fieldNumber: 1 | 2 | 3, payload: Uint8Array) => void,
): void {
  const span: FieldSpan = { fieldNumber: 1, start: 0, end: 0 };
  let offset = 0;
  while (offset < bytes.length) {
    readFieldAt(bytes, offset, message, span);
    offset = span.end;
    onField(span.fieldNumber, bytes.subarray(span.start, span.end));
  }
}

/**
 * Reads the field that starts at `offset` into `span`, with `readFields`' checks and errors; the hot
 * path (issue 5) walks a response with it instead of a callback per field.
 */
export function readFieldAt(bytes: Uint8Array, offset: number, message: string, span: FieldSpan): void {
  const tagAt = offset;
  const tag = readVarint(bytes, offset, message, span);
  const fieldNumber = Math.floor(tag / 8);
  const wireType = tag & 7;
  if (wireType !== WIRE_TYPE_LENGTH_DELIMITED) {
    throw invalid(message, `wire type ${wireType} at offset ${tagAt}, expected 2`);
  }
  if (fieldNumber !== 1 && fieldNumber !== 2 && fieldNumber !== 3) {
    throw invalid(message, `field number ${fieldNumber} at offset ${tagAt}, expected 1, 2 or 3`);
  }
  const length = readVarint(bytes, span.end, message, span);
  const start = span.end;
  if (length > bytes.length - start) {
    throw invalid(
      message,
      `field ${fieldNumber} at offset ${tagAt} claims ${length} bytes, ${bytes.length - start} left`,
    );
  }
  span.fieldNumber = fieldNumber;
  span.start = start;
  span.end = start + length;
}

/** The varint at `offset`; the offset after it goes to `after.end`. */
function readVarint(bytes: Uint8Array, offset: number, message: string, after: FieldSpan): number {
  let value = 0;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    const at = offset + i;
    const byte = bytes[at];
    if (byte === undefined) throw invalid(message, `truncated varint at offset ${offset}`);
    if (i === MAX_VARINT_BYTES - 1 && byte > 0x0f)
      throw invalid(message, `varint at offset ${offset} exceeds 32 bits`);
    value += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) {
      after.end = at + 1;
      return value;
    }
  }
  throw invalid(message, `overlong varint at offset ${offset}`);
}

function invalid(message: string, problem: string): RpcError {
  return new RpcError(Code.Internal, `invalid ${message}: ${problem}`);
}
