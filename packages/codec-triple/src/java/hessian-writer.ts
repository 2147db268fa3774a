/**
 * A Hessian 2 writer that produces exactly the bytes hessian.js 2.11's `EncoderV2` produces for the
 * values `toHessian` hands it (hessian.md §0–2), written straight into one reusable buffer. It exists for
 * speed only (issue 5: the wrapper codec within 10% of hessian.js alone): the typed encoder
 * (typed-hessian-encoder.ts) uses it for the common shapes and falls back to `toHessian` + hessian.js for
 * everything else. Every rule here mirrors a line of hessian.js's `lib/v2/encoder.js`; the spec checks
 * the bytes against hessian.js itself.
 */

const INITIAL_SIZE = 1024;
/** A buffer grown past this by a large value is not kept between calls. */
const RETAINED_SIZE = 64 * 1024;
/** Containers checked by a linear scan (cheaper than a set for small values, as in hessian.js). */
const SEEN_SCAN_LIMIT = 64;

/** Thrown (one shared instance) when a value is outside what the fast path writes; the caller falls back. */
export class FastPathMiss extends Error {}

/** The one `FastPathMiss`: a miss is control flow, not a failure, so no stack is captured per miss. */
export const FAST_PATH_MISS = new FastPathMiss('value outside the fast Hessian path');

/** A growable buffer with hessian.js's value forms; one per codec, reused call after call. */
export class HessianWriter {
  bytes = new Uint8Array(INITIAL_SIZE);
  view = new DataView(this.bytes.buffer);
  length = 0;
  /** Class names defined so far in this value, in definition order (hessian.js `_classRefs`). */
  private readonly classNames: string[] = [];
  /** The declared type each of `classNames` was defined for. */
  private readonly classOwners: object[] = [];
  /** Containers written so far (the first `seenCount` entries): a repeat would be a back-reference. */
  private readonly seenFirst: (object | undefined)[] = [];
  private seenCount = 0;
  /** Past `SEEN_SCAN_LIMIT` containers, a set (created per large value) instead of a scan. */
  private seenRest: Set<object> | undefined;
  /** Scratch for the codec: where each argument's bytes end in `bytes`. */
  readonly argumentEnds: number[] = [];
  /** Set while a value is being written, so a re-entrant call (a getter encoding) takes the slow path. */
  busy = false;

  /** Empties the buffer and starts a new value. */
  reset(): void {
    this.length = 0;
    this.startValue();
  }

  /**
   * Starts a new bare value after the bytes written so far (hessian.md §0: every argument has its own
   * reference tables). Counters, not `array.length = 0`, which V8 runs through a slow path.
   */
  startValue(): void {
    if (this.classNames.length !== 0) {
      this.classNames.length = 0;
      this.classOwners.length = 0;
    }
    const first = this.seenFirst;
    for (let i = 0; i < this.seenCount; i++) first[i] = undefined;
    this.seenCount = 0;
    this.seenRest = undefined;
  }

  /**
   * Records a container about to be written; throws `FAST_PATH_MISS` when it was written before (a
   * shared or cyclic value), since hessian.js would write a back-reference there.
   */
  enter(container: object): void {
    const first = this.seenFirst;
    const count = this.seenCount;
    for (let i = 0; i < count; i++) if (first[i] === container) throw FAST_PATH_MISS;
    if (count < SEEN_SCAN_LIMIT) {
      first[count] = container;
      this.seenCount = count + 1;
      return;
    }
    this.seenRest ??= new Set();
    if (this.seenRest.has(container)) throw FAST_PATH_MISS;
    this.seenRest.add(container);
  }

  /**
   * Ends a value: forgets the caller's objects, and drops a buffer a large value grew, so an idle codec
   * holds neither.
   */
  release(): void {
    this.reset();
    if (this.bytes.length > RETAINED_SIZE) {
      this.bytes = new Uint8Array(INITIAL_SIZE);
      this.view = new DataView(this.bytes.buffer);
    }
    this.busy = false;
  }

  /** Makes room for `extra` more bytes. */
  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  /** One raw byte (a code or a header). */
  byte(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  /** `N` */
  writeNull(): void {
    this.byte(0x4e);
  }

  /** `T` or `F` */
  writeBool(value: boolean): void {
    this.byte(value ? 0x54 : 0x46);
  }

  /** An int32 (the caller has range-checked it), in the shortest of hessian.md's int forms. */
  writeInt(value: number): void {
    this.reserve(5);
    const bytes = this.bytes;
    if (value >= -0x10 && value <= 0x2f) bytes[this.length++] = value + 0x90;
    else if (value >= -0x800 && value <= 0x7ff) {
      bytes[this.length++] = (value >> 8) + 0xc8;
      bytes[this.length++] = value & 0xff;
    } else if (value >= -0x40000 && value <= 0x3ffff) {
      bytes[this.length++] = (value >> 16) + 0xd4;
      bytes[this.length++] = (value >> 8) & 0xff;
      bytes[this.length++] = value & 0xff;
    } else {
      bytes[this.length++] = 0x49;
      this.view.setInt32(this.length, value);
      this.length += 4;
    }
  }

  /** A safe-integer long, as hessian.js's `writeLong` writes a number. */
  writeLong(value: number): void {
    this.reserve(9);
    const bytes = this.bytes;
    if (value >= -8 && value <= 15) bytes[this.length++] = value + 0xe0;
    else if (value >= -2048 && value <= 2047) {
      bytes[this.length++] = (value >> 8) + 0xf8;
      bytes[this.length++] = value & 0xff;
    } else if (value >= -262144 && value <= 262143) {
      bytes[this.length++] = (value >> 16) + 0x3c;
      bytes[this.length++] = (value >> 8) & 0xff;
      bytes[this.length++] = value & 0xff;
    } else if (value >= -0x80000000 && value <= 0x7fffffff) {
      bytes[this.length++] = 0x59;
      this.view.setInt32(this.length, value);
      this.length += 4;
    } else {
      bytes[this.length++] = 0x4c;
      this.view.setBigInt64(this.length, BigInt(value));
      this.length += 8;
    }
  }

  /**
   * hessian.js's `writeDouble`. It tests `parseInt(val) === val`, which holds exactly for integers
   * below 1e21 (larger ones print in exponent form), and `parseInt(val * 1000)`, which truncates
   * whenever the product prints in plain decimal form; a product below 1e-6 cannot pass its check.
   */
  writeDouble(value: number): void {
    this.reserve(9);
    const bytes = this.bytes;
    if (Number.isInteger(value) && Math.abs(value) < 1e21) {
      if (value === 0) {
        bytes[this.length++] = 0x5b;
        return;
      }
      if (value === 1) {
        bytes[this.length++] = 0x5c;
        return;
      }
      if (value >= -0x80 && value < 0x80) {
        bytes[this.length++] = 0x5d;
        bytes[this.length++] = value & 0xff;
        return;
      }
      if (value >= -0x8000 && value < 0x8000) {
        bytes[this.length++] = 0x5e;
        this.view.setInt16(this.length, value);
        this.length += 2;
        return;
      }
    }
    const scaled = value * 1000;
    const magnitude = Math.abs(scaled);
    if (magnitude >= 1e-6 && magnitude < 1e21) {
      const mills = Math.trunc(scaled);
      if (mills < 2 ** 31 && mills >= -(2 ** 31) && mills * 0.001 === value) {
        bytes[this.length++] = 0x5f;
        this.view.setInt32(this.length, mills);
        this.length += 4;
        return;
      }
    }
    bytes[this.length++] = 0x44;
    this.view.setFloat64(this.length, value);
    this.length += 8;
  }

  /** hessian.js's `writeDate`: whole minutes in int32 range as `K` + minutes, else `J` + milliseconds. */
  writeDate(time: number): void {
    this.reserve(9);
    if (time % 60000 === 0) {
      const minutes = time / 60000;
      if (minutes >= -0x80000000 && minutes <= 0x7fffffff) {
        this.bytes[this.length++] = 0x4b;
        this.view.setInt32(this.length, minutes);
        this.length += 4;
        return;
      }
    }
    this.bytes[this.length++] = 0x4a;
    this.view.setBigInt64(this.length, BigInt(time));
    this.length += 8;
  }

  /**
   * A string of at most 32,768 UTF-16 units (one chunk; longer ones take the slow path), each unit
   * written on its own as hessian.js's `putRawString` does (CESU-8: a surrogate pair is two 3-byte units).
   */
  writeString(text: string): void {
    const units = text.length;
    if (units > 0x8000) throw FAST_PATH_MISS;
    this.reserve(3 + units * 3);
    const bytes = this.bytes;
    let at = this.length;
    if (units <= 31) bytes[at++] = units;
    else if (units <= 1023) {
      bytes[at++] = 48 + (units >> 8);
      bytes[at++] = units & 0xff;
    } else {
      bytes[at++] = 0x53;
      bytes[at++] = units >> 8;
      bytes[at++] = units & 0xff;
    }
    for (let i = 0; i < units; i++) {
      const unit = text.charCodeAt(i);
      if (unit < 0x80) bytes[at++] = unit;
      else if (unit < 0x800) {
        bytes[at++] = 0xc0 + ((unit >> 6) & 0x1f);
        bytes[at++] = 0x80 + (unit & 0x3f);
      } else {
        bytes[at++] = 0xe0 + ((unit >> 12) & 0xf);
        bytes[at++] = 0x80 + ((unit >> 6) & 0x3f);
        bytes[at++] = 0x80 + (unit & 0x3f);
      }
    }
    this.length = at;
  }

  /** hessian.js's `_writeListBegin` for an untyped fixed-length list. */
  writeListStart(length: number): void {
    if (length <= 7) this.byte(0x78 + length);
    else {
      this.byte(0x58);
      this.writeInt(length);
    }
  }

  /**
   * hessian.js's `_writeObjectBegin` + `_writeObject` header: the class definition the first time a class
   * name is written in this value (`C`, name, field count, field names), then the instance reference.
   * `owner` identifies the declared type: hessian.js keys classes by name only, so a second type with the
   * same name (and perhaps other fields) is left to hessian.js.
   */
  writeObjectStart(className: string, fieldNames: readonly string[], owner: object): void {
    let ref = this.classNames.indexOf(className);
    if (ref < 0) {
      ref = this.classNames.length;
      this.classNames.push(className);
      this.classOwners.push(owner);
      this.byte(0x43);
      this.writeString(className);
      this.writeInt(fieldNames.length);
      for (const name of fieldNames) this.writeString(name);
    } else if (this.classOwners[ref] !== owner) throw FAST_PATH_MISS;
    if (ref <= 15) this.byte(0x60 + ref);
    else {
      this.byte(0x4f);
      this.writeInt(ref);
    }
  }
}
