import { Code } from '../code.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { RpcError } from '../rpc-error.js';
import { FastHessianReader, isFastPathMiss } from './fast-hessian-reader.js';
import { createGuardedDecoder, HessianDataError } from './guarded-decoder.js';

/** Guards for decoding untrusted Hessian 2 bytes (hessian.md §3 Limits). */
export interface HessianLimits {
  /** Deepest nesting of values; default 256. hessian.js alone overflows the stack near 2,400. */
  maxDepth: number;
  /** Largest payload; default 8 MiB, Java 3.3's own message limit (triple.md §3). */
  maxBytes: number;
  /** Most entries in one list, map or class definition; default 1,000,000. */
  maxCollectionLength: number;
  /**
   * Most maps, lists and objects in one message, all together; default 1,000,000. Bounds the heap a
   * payload can take: an empty map is 2 bytes on the wire and hundreds in memory.
   */
  maxCollections: number;
}

/** The limits `readHessian` applies to whatever is not given. */
export const DEFAULT_HESSIAN_LIMITS: Readonly<HessianLimits> = Object.freeze({
  maxDepth: DEFAULT_LIMITS.hessianMaxDepth,
  maxBytes: DEFAULT_LIMITS.hessianMaxBytes,
  maxCollectionLength: DEFAULT_LIMITS.hessianMaxCollectionLength,
  maxCollections: DEFAULT_LIMITS.hessianMaxCollections,
});

/** A decoded value, plus the Hessian class name of each object in it. */
export interface DecodedHessian {
  readonly value: unknown;
  readonly classNames: WeakMap<object, string>;
}

/**
 * Decodes exactly one bare Hessian 2 value (no header), as Java's `Hessian2Output.writeObject` writes it.
 *
 * Results are hessian.js's plain mode (hessian.md §4): objects are field maps (whatever the class,
 * exceptions included; use `decodeJavaException` for those), lists are arrays, maps are objects with
 * stringified keys (the originals in a hidden `$map`), binary is a Buffer (a copy), chars are strings, and
 * **longs beyond ±(2^53−1) are decimal strings**, so they stay exact. Shared and cyclic references are
 * rebuilt as the same JS object.
 *
 * Unlike `hessian.decode`, it rejects input larger than `maxBytes` with `RpcError(ResourceExhausted)`, and
 * nesting beyond `maxDepth`, more than `maxCollections` maps, lists and objects, truncated data, declared lengths past the end, dangling references and
 * trailing bytes with `RpcError(Internal, 'invalid hessian2 data: …')`; so does anything hessian.js itself
 * throws on.
 */
export function readHessian(bytes: Uint8Array, limits?: Partial<HessianLimits>): unknown {
  const resolved = { ...DEFAULT_HESSIAN_LIMITS, ...limits };
  // The fast reader gives the same value for the common kinds of values and hands everything else,
  // errors included, to the guarded decoder (fast-hessian-reader.ts; issue 5).
  if (bytes.length <= resolved.maxBytes) {
    const fast = new FastHessianReader(resolved).read(bytes, 0, bytes.length);
    if (!isFastPathMiss(fast)) return fast;
  }
  return decodeHessian(bytes, resolved).value;
}

/**
 * `readHessian` that also returns the class name of each decoded object.
 * @internal Used by `decodeJavaException`.
 */
export function decodeHessian(bytes: Uint8Array, limits?: Partial<HessianLimits>): DecodedHessian {
  const { maxDepth, maxBytes, maxCollectionLength, maxCollections } = {
    ...DEFAULT_HESSIAN_LIMITS,
    ...limits,
  };
  if (bytes.length > maxBytes) {
    throw new RpcError(
      Code.ResourceExhausted,
      `hessian2 data of ${bytes.length} bytes exceeds the limit of ${maxBytes}`,
    );
  }
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = createGuardedDecoder(buf, { maxDepth, maxCollectionLength, maxCollections });
  try {
    const value = decoder.read(false);
    const left = decoder.end - decoder.byteBuffer.position();
    // hessian.js reads past the end as undefined bytes instead of failing; a negative rest shows it did.
    if (left < 0) throw new HessianDataError('truncated data');
    if (left > 0) throw new HessianDataError(`${left} trailing bytes after the value`);
    return { value, classNames: decoder.classNames };
  } catch (error) {
    // hessian.js fails with TypeErrors, plain Errors and (deep input, reads past the end) RangeErrors.
    const reason = error instanceof Error ? error.message : String(error);
    throw new RpcError(Code.Internal, `invalid hessian2 data: ${reason}`, { cause: error });
  }
}
