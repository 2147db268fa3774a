/**
 * Types for the parts of hessian.js 2.11.0 (CommonJS, no bundled types) that codec-triple uses.
 * Only Hessian 2.0 is declared: the 1.0 API (`encode(v)` without `'2.0'`, `Encoder`, `Decoder`) writes
 * bytes Java cannot read (hessian.md §0, §8 pitfall 1), so it is deliberately absent.
 *
 * The underscore members are hessian.js internals that `GuardedDecoder` overrides; hessian.js dispatches
 * every read through `this[methodName]`, so overriding them in a subclass takes effect (hessian.md §4).
 */
declare module 'hessian.js' {
  namespace hessian {
    /** The `byte` package's big-endian ByteBuffer that hessian.js reads from. */
    interface ByteBuffer {
      /** The next byte, advancing the position; `undefined` past the end (no exception). */
      get(): number | undefined;
      /** The byte at `index`, without moving; `undefined` past the end. */
      get(index: number): number | undefined;
      position(): number;
      position(newPosition: number): ByteBuffer;
      skip(size: number): void;
      /** Big-endian u16; throws a RangeError past the end. */
      getUInt16(): number;
      /** Reads `length` UTF-16 units of CESU-8; does not check the end of the buffer. */
      getRawStringByStringLength(length: number): string;
    }

    /** A class definition (`C` record) as hessian.js keeps it. */
    interface ClassDefinition {
      name: string;
      fields: string[];
      length: number;
    }

    interface ClassCache {
      get(key: string): ClassDefinition | undefined;
      set(key: string, value: ClassDefinition): unknown;
    }

    interface DecodeOptions {
      withType?: boolean;
      classCache?: ClassCache;
    }

    /** Hessian 2.0 decoder (`lib/v2/decoder.js`). */
    class DecoderV2 {
      constructor(buf?: Buffer, classCache?: ClassCache);
      byteBuffer: ByteBuffer;
      classes: ClassDefinition[];
      types: string[];
      refMap: Record<number, unknown>;
      refId: number;
      /** Reads one value of any kind, dispatching on its first byte. */
      read(withType?: boolean): unknown;
      readInt(): number;
      readString(): string;
      /** A list or map type: a string, or an int referring to an earlier one (`undefined` if unknown). */
      readType(): string | undefined;
      readBytes(): Buffer;
      readObject(withType?: boolean): unknown;
      readRef(withType?: boolean): unknown;
      readRefId(): number;
      throwError(method: string, code: number | undefined): never;
      _addRef(value: object): void;
      _readObjectDefinition(): ClassDefinition;
      _readFixedLengthItems(length: number, list: unknown[], withType?: boolean): void;
      _readMap(map: Record<string, unknown> | undefined, withType?: boolean): Record<string, unknown>;
    }

    interface EncoderOptions {
      size?: number;
      /** Map classes to write as `M` + type instead of a class definition (hessian.md §2 Maps). */
      mapTypes?: Record<string, boolean>;
    }

    /** Hessian 2.0 encoder (`lib/v2/encoder.js`). */
    class EncoderV2 {
      constructor(options?: EncoderOptions);
      write(value: unknown): this;
      /** A copy of the bytes written since the last reset. */
      get(): Buffer;
      reset(): this;
    }

    /** Encodes one value as bare Hessian 2.0 (no header); returns a fresh copy. Throws TypeError on bad input. */
    function encode(value: unknown, version: '2.0'): Buffer;
    /** Decodes one value; trailing bytes are ignored and nothing is size- or depth-limited (hessian.md §3). */
    function decode(buf: Buffer, version: '2.0', options?: boolean | DecodeOptions): unknown;
  }
  export = hessian;
}
