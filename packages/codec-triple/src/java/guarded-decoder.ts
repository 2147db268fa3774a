import type hessian from 'hessian.js';
import { hessianModule } from './hessian-module.js';

/** Limits a `GuardedDecoder` enforces; see `HessianLimits` in hessian-reader.ts. */
export interface DecoderLimits {
  readonly maxDepth: number;
  readonly maxCollectionLength: number;
  readonly maxCollections: number;
}

/** A bad payload; `readHessian` turns it (and hessian.js's own TypeErrors) into `RpcError(Internal)`. */
export class HessianDataError extends Error {}

/** `this$0` fields point from an inner-class instance to its outer instance; hessian.js drops them too. */
const INNER_CLASS_FIELD = /^this\$\d+$/;

/** What `readHessian` uses of a guarded decoder. */
export interface GuardedDecoder {
  /** The Hessian class name of every object (field map) decoded so far. */
  readonly classNames: WeakMap<object, string>;
  /** The input's length: reading stops here. */
  readonly end: number;
  readonly byteBuffer: hessian.ByteBuffer;
  read(withType?: boolean): unknown;
}

type GuardedDecoderClass = new (buf: Buffer, limits: DecoderLimits) => GuardedDecoder;
let guardedDecoderClass: GuardedDecoderClass | undefined;

/** A decoder for `buf`; the class is defined on first use, when hessian.js is loaded (hessian-module.ts). */
export function createGuardedDecoder(buf: Buffer, limits: DecoderLimits): GuardedDecoder {
  guardedDecoderClass ??= defineGuardedDecoder(hessianModule().DecoderV2);
  return new guardedDecoderClass(buf, limits);
}

/**
 * hessian.js's Hessian 2 decoder with the guards it lacks (hessian.md §3 Limits). hessian.js dispatches
 * every read through `this[method]` (hessian.md §4), so these overrides see every value:
 * - `read` counts nesting, so deep input fails cleanly long before the stack does;
 * - every declared length (string, binary chunk, list, class field count) is checked against the bytes
 *   left before anything is read or allocated, so truncation is an error, never a short Buffer;
 * - lists, maps and class definitions are capped at `maxCollectionLength` entries, and the message at
 *   `maxCollections` maps, lists and objects in all (counted where each is registered for references);
 * - back-references and type references must point at something already read;
 * - string and binary chunks are read in loops, not by recursion;
 * - objects become plain field maps whatever their class name (no `JavaExceptionError`, no global
 *   decode handlers); their class names are kept in `classNames`.
 * Only plain mode (`withType` false) is supported.
 */
function defineGuardedDecoder(DecoderV2: typeof hessian.DecoderV2): GuardedDecoderClass {
  return class GuardedDecoder extends DecoderV2 {
    /** The Hessian class name of every object (field map) decoded so far. */
    readonly classNames = new WeakMap<object, string>();
    readonly end: number;
    private readonly input: Buffer;
    private readonly limits: DecoderLimits;
    private readonly wrappers = new WeakSet<object>();
    private depth = 0;
    private collections = 0;

    constructor(buf: Buffer, limits: DecoderLimits) {
      super(buf);
      this.input = buf;
      this.end = buf.length;
      this.limits = limits;
    }

    override read(withType?: boolean): unknown {
      if (this.byteBuffer.position() >= this.end) throw new HessianDataError('unexpected end of data');
      if (this.depth >= this.limits.maxDepth)
        throw new HessianDataError(`nesting deeper than ${this.limits.maxDepth}`);
      this.depth++;
      const value = super.read(withType);
      this.depth--;
      return value;
    }

    override readString(): string {
      let text = '';
      for (;;) {
        const code = this.byteBuffer.get();
        let length: number;
        if (code !== undefined && code <= 0x1f) length = code;
        else if (code !== undefined && code >= 0x30 && code <= 0x33)
          length = (code - 0x30) * 256 + this.nextByte();
        else if (code === 0x52 || code === 0x53) length = this.byteBuffer.getUInt16();
        else return this.throwError('readString', code);
        // Every UTF-16 unit takes at least one byte, so a length past the end is truncated data.
        this.checkLength(length, 'string chunk');
        text += length === 0 ? '' : this.byteBuffer.getRawStringByStringLength(length);
        if (this.byteBuffer.position() > this.end) throw new HessianDataError('truncated string');
        if (code !== 0x52) return text;
      }
    }

    override readBytes(): Buffer {
      const chunks: Buffer[] = [];
      for (;;) {
        const code = this.byteBuffer.get();
        let length: number;
        if (code !== undefined && code >= 0x20 && code <= 0x2f) length = code - 0x20;
        else if (code !== undefined && code >= 0x34 && code <= 0x37)
          length = (code - 0x34) * 256 + this.nextByte();
        else if (code === 0x41 || code === 0x42) length = this.byteBuffer.getUInt16();
        else return this.throwError('readBytes', code);
        this.checkLength(length, 'binary chunk');
        const start = this.byteBuffer.position();
        // A copy, so the result does not pin or alias the caller's (possibly pooled) input buffer.
        chunks.push(Buffer.from(this.input.subarray(start, start + length)));
        this.byteBuffer.skip(length);
        if (code !== 0x41) return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      }
    }

    override readType(): string {
      const type = super.readType();
      if (type === undefined) throw new HessianDataError('reference to an undefined type');
      return type;
    }

    override _readObjectDefinition(): hessian.ClassDefinition {
      const name = this.readString();
      const count = this.readInt();
      this.checkCount(count, 'class field count');
      const fields: string[] = [];
      for (let i = 0; i < count; i++) fields.push(this.readString());
      const definition = { name, fields, length: 0 };
      this.classes.push(definition);
      return definition;
    }

    /** hessian.md §4's raw reader: any class name, custom fields kept, definitions read in a loop. */
    override readObject(): unknown {
      let code = this.byteBuffer.get();
      while (code === 0x43) {
        this._readObjectDefinition();
        code = this.byteBuffer.get();
      }
      let ref: number;
      if (code === 0x4f) ref = this.readInt();
      else if (code !== undefined && code >= 0x60 && code <= 0x6f) ref = code - 0x60;
      else return this.throwError('readObject', code);
      const definition = this.classes[ref];
      if (definition === undefined) throw new HessianDataError(`reference to undefined class ${ref}`);
      const fields: Record<string, unknown> = {};
      this._addRef(fields);
      this.classNames.set(fields, definition.name);
      for (const name of definition.fields) {
        const value = this.read(false);
        if (!INNER_CLASS_FIELD.test(name)) setEntry(fields, name, value);
      }
      return fields;
    }

    override readRef(): unknown {
      const id = this.readRefId();
      if (!Object.hasOwn(this.refMap, id)) throw new HessianDataError(`reference to undefined object ${id}`);
      const target = this.refMap[id] as object;
      // Typed lists and maps are registered as {$class, $} wrappers; plain mode wants what is inside.
      return this.wrappers.has(target) ? (target as { $: unknown }).$ : target;
    }

    override _addRef(value: object): void {
      // hessian.js registers every map, list and object, and nothing else, exactly once (readArray,
      // readMap, readHashMap; readObject above), so this is the one place to count them. The fast
      // reader counts the same lists and objects (it hands maps over).
      if (++this.collections > this.limits.maxCollections)
        throw new HessianDataError(`more than ${this.limits.maxCollections} maps, lists and objects`);
      // Registered before their contents are read, so only a wrapper can already have a `$class`.
      if (!Array.isArray(value) && Object.hasOwn(value, '$class')) this.wrappers.add(value);
      super._addRef(value);
    }

    override _readFixedLengthItems(length: number, list: unknown[], withType?: boolean): void {
      this.checkCount(length, 'list length');
      for (let i = 0; i < length; i++) list.push(this.read(withType));
    }

    override _readMap(map: Record<string, unknown> | undefined, withType?: boolean): Record<string, unknown> {
      const target = map ?? {};
      // Original keys with their types, as hessian.js keeps them (hessian.md §4 Plain mode). While
      // every key is a plain string the object itself holds them in order, so `$map` is a shared
      // getter that builds the Map when asked: a Map per decoded map was most of the heap a
      // hostile payload of empty maps could make us allocate (about 184 of 250 bytes each).
      let originals: Map<unknown, unknown> | undefined;
      let entries = 0;
      while (this.byteBuffer.get(this.byteBuffer.position()) !== 0x5a) {
        if (++entries > this.limits.maxCollectionLength)
          throw new HessianDataError(`map longer than ${this.limits.maxCollectionLength} entries`);
        const key = this.read(withType);
        const value = this.read(withType);
        if (originals === undefined && !isPlainStringKey(key, target)) {
          originals = new Map(Object.entries(target));
        }
        setEntry(target, String(mapKeyName(key)), value);
        originals?.set(key, value);
      }
      this.byteBuffer.skip(1);
      if (originals === undefined) Object.defineProperty(target, '$map', ORIGINALS_FROM_ENTRIES);
      else Object.defineProperty(target, '$map', { value: originals, enumerable: false });
      return target;
    }

    private nextByte(): number {
      const byte = this.byteBuffer.get();
      if (byte === undefined) throw new HessianDataError('unexpected end of data');
      return byte;
    }

    private checkLength(length: number, what: string): void {
      const left = this.end - this.byteBuffer.position();
      if (length > left) throw new HessianDataError(`${what} of ${length} bytes with only ${left} left`);
    }

    /** A declared element count: non-negative, within the limit, and not more than one byte per element. */
    private checkCount(count: number, what: string): void {
      if (!Number.isInteger(count) || count < 0) throw new HessianDataError(`invalid ${what}`);
      if (count > this.limits.maxCollectionLength)
        throw new HessianDataError(
          `${what} ${count} exceeds the limit of ${this.limits.maxCollectionLength}`,
        );
      this.checkLength(count, what);
    }
  };
}

/** hessian.js names an enum key by its `name` (hessian.md §4). */
/**
 * A key the decoded object keeps exactly, in order, and only once: a string that is not an array
 * index (objects list those first) nor `__proto__`, and not already present (a repeated key keeps
 * its first position in a Map, its last value in both).
 */
function isPlainStringKey(key: unknown, target: Record<string, unknown>): boolean {
  return (
    typeof key === 'string' && key !== '__proto__' && !ARRAY_INDEX.test(key) && !Object.hasOwn(target, key)
  );
}

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * `$map` of a map whose keys were all plain strings: built from the entries on first read, then kept
 * as a plain value, so every later read sees the same Map, as with an eager one.
 */
const ORIGINALS_FROM_ENTRIES: PropertyDescriptor = Object.freeze({
  get(this: Record<string, unknown>): Map<unknown, unknown> {
    const originals = new Map<unknown, unknown>(Object.entries(this));
    Object.defineProperty(this, '$map', { value: originals, enumerable: false, configurable: false });
    return originals;
  },
  enumerable: false,
  configurable: true,
});

function mapKeyName(key: unknown): unknown {
  if (typeof key === 'object' && key !== null && 'name' in key && key.name) return key.name;
  return key;
}

/** Assigns without letting a `__proto__` key replace the prototype of the decoded object. */
function setEntry(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}
