/**
 * The scalar half of the fast Hessian 2 reader (fast-hessian-reader.ts): a cursor over `bytes[pos, end)`
 * and hessian.js's int, long, double and string forms (hessian.md §1), read by hand from a plain
 * Uint8Array. Anything it does not read exactly as the guarded decoder does throws `FAST_PATH_MISS`.
 */
import { FAST_PATH_MISS } from './hessian-writer.js';

const MAX_SAFE_LONG = 2n ** 53n - 1n;
/** An empty input, so a reader between calls keeps no caller's bytes. */
export const NO_BYTES = new Uint8Array(0);

/** Node's native Latin-1 slice (what `buffer.toString('latin1')` runs), called on a plain Uint8Array. */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (start: number, end: number) => string })
  .latin1Slice;

/** 8 bytes copied big-endian, read back as a double or a 64-bit integer without a DataView per call. */
const scratch = new Uint8Array(8);
const scratchView = new DataView(scratch.buffer);

/** The cursor and the scalar forms; `FastHessianReader` adds objects, lists and the limits. */
export class HessianScalarReader {
  protected bytes: Uint8Array = NO_BYTES;
  protected pos = 0;
  protected end = 0;

  /** Fails unless `count` more bytes are there. */
  protected need(count: number): void {
    if (this.end - this.pos < count) throw FAST_PATH_MISS;
  }

  protected int32(at: number): number {
    const b = this.bytes;
    return (
      ((b[at] as number) << 24) |
      ((b[at + 1] as number) << 16) |
      ((b[at + 2] as number) << 8) |
      (b[at + 3] as number)
    );
  }

  /** Copies the 8 bytes at `at` into `scratch`, for `scratchView`. */
  private eight(at: number): void {
    for (let i = 0; i < 8; i++) scratch[i] = this.bytes[at + i] as number;
  }

  /** hessian.js `readInt` (v2): compact forms and `I`. */
  protected int(): number {
    this.need(1);
    const bytes = this.bytes;
    const code = bytes[this.pos] as number;
    if (code >= 0x80 && code <= 0xbf) {
      this.pos++;
      return code - 0x90;
    }
    if (code >= 0xc0 && code <= 0xcf) {
      this.need(2);
      this.pos += 2;
      return ((code - 0xc8) << 8) + (bytes[this.pos - 1] as number);
    }
    if (code >= 0xd0 && code <= 0xd7) {
      this.need(3);
      this.pos += 3;
      return ((code - 0xd4) << 16) + ((bytes[this.pos - 2] as number) << 8) + (bytes[this.pos - 1] as number);
    }
    if (code === 0x49) {
      this.need(5);
      this.pos += 5;
      return this.int32(this.pos - 4);
    }
    throw FAST_PATH_MISS;
  }

  /** hessian.js `readLong` (v2); a long beyond ±(2^53−1) would be a string: the guarded decoder does it. */
  protected long(): number {
    this.need(1);
    const bytes = this.bytes;
    const code = bytes[this.pos] as number;
    if (code >= 0xd8 && code <= 0xef) {
      this.pos++;
      return code - 0xe0;
    }
    if (code >= 0xf0) {
      this.need(2);
      this.pos += 2;
      return ((code - 0xf8) << 8) + (bytes[this.pos - 1] as number);
    }
    if (code >= 0x38 && code <= 0x3f) {
      this.need(3);
      this.pos += 3;
      return ((code - 0x3c) << 16) + ((bytes[this.pos - 2] as number) << 8) + (bytes[this.pos - 1] as number);
    }
    if (code === 0x59) {
      this.need(5);
      this.pos += 5;
      return this.int32(this.pos - 4);
    }
    if (code === 0x4c || code === 0x4a) {
      this.need(9);
      this.eight(this.pos + 1);
      const value = scratchView.getBigInt64(0);
      if (value > MAX_SAFE_LONG || value < -MAX_SAFE_LONG) throw FAST_PATH_MISS;
      this.pos += 9;
      return Number(value);
    }
    throw FAST_PATH_MISS;
  }

  /** hessian.js `readDouble` (v2). */
  protected double(): number {
    const bytes = this.bytes;
    const code = bytes[this.pos] as number;
    switch (code) {
      case 0x5b:
        this.pos++;
        return 0;
      case 0x5c:
        this.pos++;
        return 1;
      case 0x5d:
        this.need(2);
        this.pos += 2;
        return ((bytes[this.pos - 1] as number) << 24) >> 24;
      case 0x5e:
        this.need(3);
        this.pos += 3;
        return ((((bytes[this.pos - 2] as number) << 8) | (bytes[this.pos - 1] as number)) << 16) >> 16;
      case 0x5f:
        this.need(5);
        this.pos += 5;
        return this.int32(this.pos - 4) * 0.001;
      default:
        this.need(9);
        this.eight(this.pos + 1);
        this.pos += 9;
        return scratchView.getFloat64(0);
    }
  }

  /** The guarded decoder's `readString`: chunks, each `length` UTF-16 units in hessian.js's UTF-8 reading. */
  protected string(): string {
    let text = '';
    for (;;) {
      this.need(1);
      const bytes = this.bytes;
      const code = bytes[this.pos++] as number;
      let length: number;
      if (code <= 0x1f) length = code;
      else if (code >= 0x30 && code <= 0x33) {
        this.need(1);
        length = (code - 0x30) * 256 + (bytes[this.pos++] as number);
      } else if (code === 0x52 || code === 0x53) {
        this.need(2);
        length = ((bytes[this.pos] as number) << 8) | (bytes[this.pos + 1] as number);
        this.pos += 2;
      } else throw FAST_PATH_MISS;
      text += this.chars(length);
      if (code !== 0x52) return text;
    }
  }

  /**
   * `length` UTF-16 units as byte's `getRawStringByStringLength` reads them: one, two or three bytes by
   * the lead byte, continuation bytes taken as they are. ASCII runs are sliced natively.
   */
  private chars(length: number): string {
    this.need(length);
    const bytes = this.bytes;
    const start = this.pos;
    let at = start;
    const asciiEnd = start + length;
    while (at < asciiEnd && (bytes[at] as number) < 0x80) at++;
    if (at === asciiEnd) {
      this.pos = at;
      return latin1Slice === undefined
        ? String.fromCharCode(...bytes.subarray(start, at))
        : latin1Slice.call(bytes, start, at);
    }
    const units: number[] = [];
    for (let i = start; i < at; i++) units.push(bytes[i] as number);
    for (let left = length - (at - start); left > 0; left--) {
      const lead = bytes[at] as number;
      if (lead < 0x80) {
        units.push(lead);
        at += 1;
      } else if ((lead & 0xe0) === 0xc0) {
        if (at + 2 > this.end) throw FAST_PATH_MISS;
        units.push(((lead & 0x1f) << 6) + ((bytes[at + 1] as number) & 0x3f));
        at += 2;
      } else if ((lead & 0xf0) === 0xe0) {
        if (at + 3 > this.end) throw FAST_PATH_MISS;
        units.push(
          ((lead & 0x0f) << 12) +
            (((bytes[at + 1] as number) & 0x3f) << 6) +
            ((bytes[at + 2] as number) & 0x3f),
        );
        at += 3;
      } else throw FAST_PATH_MISS;
      if (at > this.end) throw FAST_PATH_MISS;
    }
    this.pos = at;
    return String.fromCharCode(...units);
  }
}
