/**
 * A Hessian 2 reader for the values results are made of — null, booleans, ints, longs, doubles, dates,
 * strings, objects and fixed-length lists — giving exactly what the guarded decoder (guarded-decoder.ts,
 * hessian.js plain mode, hessian.md §4) gives for them, without hessian.js's per-value method dispatch
 * and per-call decoder set-up. Why: issue 5's target of at most 10% over hessian.js alone.
 *
 * It decides nothing on its own: binary, maps, back-references, chunked lists, anything malformed,
 * truncated, too deep, too long or with too many collections (hessian.md §3 Limits) returns
 * `FAST_PATH_MISS`, and the caller decodes the bytes again with the guarded decoder, which returns the
 * value or the error as before.
 */
import { HessianScalarReader, NO_BYTES } from './hessian-scalar-reader.js';
import { FAST_PATH_MISS, type FastPathMiss } from './hessian-writer.js';

/** Limits the guarded decoder enforces; past them the fast path hands over (it never reports). */
export interface FastReaderLimits {
  readonly maxDepth: number;
  readonly maxCollectionLength: number;
  readonly maxCollections: number;
}

interface ClassDefinition {
  readonly fields: readonly string[];
  /** `this$0`-style fields are read and dropped, as the guarded decoder drops them. */
  readonly keep: readonly boolean[];
  /** The definition's bytes after `C`, to recognise it in the next response without decoding it. */
  readonly image: Uint8Array;
}

const INNER_CLASS_FIELD = /^this\$\d+$/;
/** Definitions remembered per reader: a method's results use a few classes, again and again. */
const KNOWN_DEFINITIONS = 16;

/** One per codec (or per `readHessian` call): remembers class definitions between reads, nothing else. */
export class FastHessianReader extends HessianScalarReader {
  private classes: ClassDefinition[] | undefined;
  private types: string[] | undefined;
  private readonly known: ClassDefinition[] = [];
  /** Lists and objects made in this read: past `maxCollections` the guarded decoder reports it. */
  private collections = 0;

  constructor(private readonly limits: FastReaderLimits) {
    super();
  }

  /** The one bare value in `bytes[start, end)`, or `FAST_PATH_MISS` (see the file comment). */
  read(bytes: Uint8Array, start: number, end: number): unknown {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
    this.collections = 0;
    try {
      const value = this.value(0);
      return this.pos === this.end ? value : FAST_PATH_MISS;
    } catch {
      // A miss, or anything odd on the way (a RangeError from a huge string): the guarded decoder decides.
      return FAST_PATH_MISS;
    } finally {
      // Neither the caller's bytes nor this value's tables are kept past the call.
      this.bytes = NO_BYTES;
      this.classes = undefined;
      this.types = undefined;
    }
  }

  private value(depth: number): unknown {
    if (this.pos >= this.end || depth >= this.limits.maxDepth) throw FAST_PATH_MISS;
    const code = this.bytes[this.pos] as number;
    if (code >= 0x80 && code <= 0xd7) return this.int();
    if (code >= 0xd8 || (code >= 0x38 && code <= 0x3f)) return this.long();
    if (code <= 0x1f || (code >= 0x30 && code <= 0x33)) return this.string();
    if (code >= 0x60 && code <= 0x6f) return this.object(depth);
    if (code >= 0x70 && code <= 0x7f) return this.list(depth);
    switch (code) {
      case 0x4e:
        this.pos++;
        return null;
      case 0x54:
        this.pos++;
        return true;
      case 0x46:
        this.pos++;
        return false;
      case 0x49:
        return this.int();
      case 0x4c:
      case 0x59:
        return this.long();
      case 0x44:
      case 0x5b:
      case 0x5c:
      case 0x5d:
      case 0x5e:
      case 0x5f:
        return this.double();
      case 0x4a:
        return new Date(this.long());
      case 0x4b:
        this.need(5);
        this.pos += 5;
        return new Date(this.int32(this.pos - 4) * 60000);
      case 0x52:
      case 0x53:
        return this.string();
      case 0x43:
      case 0x4f:
        return this.object(depth);
      case 0x56:
      case 0x58:
        return this.list(depth);
      default:
        throw FAST_PATH_MISS;
    }
  }

  /** A declared count: an integer within the limit and not more than the bytes left. */
  private count(count: number): number {
    if (!Number.isInteger(count) || count < 0 || count > this.limits.maxCollectionLength)
      throw FAST_PATH_MISS;
    this.need(count);
    return count;
  }

  /** One more list or object, as the guarded decoder counts them. */
  private countCollection(): void {
    if (++this.collections > this.limits.maxCollections) throw FAST_PATH_MISS;
  }

  /** The guarded decoder's `readObject`: class definitions, then a plain field map. */
  private object(depth: number): Record<string, unknown> {
    const bytes = this.bytes;
    let code = bytes[this.pos++] as number;
    while (code === 0x43) {
      this.classes ??= [];
      this.classes.push(this.knownDefinition() ?? this.definition());
      this.need(1);
      code = bytes[this.pos++] as number;
    }
    let ref: number;
    if (code === 0x4f) ref = this.int();
    else if (code >= 0x60 && code <= 0x6f) ref = code - 0x60;
    else throw FAST_PATH_MISS;
    const definition = this.classes?.[ref];
    if (definition === undefined) throw FAST_PATH_MISS;
    this.countCollection();
    const result: Record<string, unknown> = {};
    const { fields, keep } = definition;
    for (let i = 0; i < fields.length; i++) {
      const value = this.value(depth + 1);
      if (!keep[i]) continue;
      const name = fields[i] as string;
      if (name === '__proto__')
        Object.defineProperty(result, name, { value, writable: true, enumerable: true, configurable: true });
      else result[name] = value;
    }
    return result;
  }

  /** A definition read before whose bytes are next: skipped, not decoded again. */
  private knownDefinition(): ClassDefinition | undefined {
    const bytes = this.bytes;
    const at = this.pos;
    const left = this.end - at;
    search: for (const known of this.known) {
      const image = known.image;
      if (image.length > left) continue;
      for (let i = 0; i < image.length; i++) if (bytes[at + i] !== image[i]) continue search;
      this.pos = at + image.length;
      return known;
    }
    return undefined;
  }

  /** The guarded decoder's `_readObjectDefinition`: name, field count (checked), field names. */
  private definition(): ClassDefinition {
    const start = this.pos;
    this.stringValue(); // the class name: plain mode does not keep it
    const fieldCount = this.count(this.int());
    const fields: string[] = [];
    for (let i = 0; i < fieldCount; i++) fields.push(this.stringValue());
    const definition: ClassDefinition = {
      fields,
      keep: fields.map((field) => !INNER_CLASS_FIELD.test(field)),
      image: this.bytes.slice(start, this.pos),
    };
    if (this.known.length >= KNOWN_DEFINITIONS) this.known.shift();
    this.known.push(definition);
    return definition;
  }

  /** A string where the grammar wants one (class and field names, type names). */
  private stringValue(): string {
    this.need(1);
    const code = this.bytes[this.pos] as number;
    if (code <= 0x1f || (code >= 0x30 && code <= 0x33) || code === 0x52 || code === 0x53)
      return this.string();
    throw FAST_PATH_MISS;
  }

  /** hessian.js `readArray` (v2): fixed-length lists, typed or not; plain mode returns the items. */
  private list(depth: number): unknown[] {
    const code = this.bytes[this.pos++] as number;
    let length: number;
    if (code === 0x56) {
      this.type();
      length = this.int();
    } else if (code === 0x58) length = this.int();
    else if (code >= 0x78) length = code - 0x78;
    else {
      this.type();
      length = code - 0x70;
    }
    this.count(length);
    this.countCollection();
    const list: unknown[] = [];
    for (let i = 0; i < length; i++) list.push(this.value(depth + 1));
    return list;
  }

  /** hessian.js `readType`: a new type name, or a reference to one read before. */
  private type(): void {
    this.need(1);
    const code = this.bytes[this.pos] as number;
    if (code <= 0x1f || (code >= 0x30 && code <= 0x33) || code === 0x52 || code === 0x53) {
      this.types ??= [];
      this.types.push(this.string());
      return;
    }
    if (this.types?.[this.int()] === undefined) throw FAST_PATH_MISS;
  }
}

/** Whether `value` is the fast path's "decode it the general way". */
export function isFastPathMiss(value: unknown): value is FastPathMiss {
  return value === FAST_PATH_MISS;
}
