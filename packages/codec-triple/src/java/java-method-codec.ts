import { Code } from '../code.js';
import { RpcError } from '../rpc-error.js';
import { encodeField, type FieldSpan, fieldSize, readFieldAt, writeField } from '../wrapper-wire.js';
import { FastHessianReader, isFastPathMiss } from './fast-hessian-reader.js';
import { fromHessian, isConversionFree } from './from-hessian.js';
import { hessianModule } from './hessian-module.js';
import { DEFAULT_HESSIAN_LIMITS, decodeHessian, type HessianLimits } from './hessian-reader.js';
import { HessianWriter } from './hessian-writer.js';
import { decodeJavaException } from './java-exception.js';
import { argTypeName, type JavaType } from './java-type.js';
import { toHessian } from './to-hessian.js';
import { type TypedHessianWrite, typedHessianWriter } from './typed-hessian-encoder.js';

/** The declared Java signature of one method of a non-IDL Dubbo service. */
export interface JavaMethodSignature {
  argTypes: readonly JavaType[];
  /** Shapes the decoded result (`fromHessian`): BigDecimal, BigInteger and enums become what `JavaToTs` says. */
  returnType: JavaType;
}

export interface JavaMethodCodecOptions {
  /** `serializeType` to send; default `hessian4`, what Java clients write for Hessian 2 (triple.md §4). */
  serializeType?: 'hessian4' | 'hessian2';
  /** Limits for decoding results and exceptions. */
  limits?: Partial<HessianLimits>;
}

/** Encodes the requests and decodes the responses of one wrapper-mode (Hessian 2) method. */
export interface JavaMethodCodec {
  /** `Class.getName()` of each parameter, as sent in `argTypes` (hessian.md §6). */
  readonly argTypeNames: readonly string[];
  /** `TripleRequestWrapper` bytes (no frame prefix); a wrong count or a bad argument is InvalidArgument. */
  encodeRequest(args: readonly unknown[]): Uint8Array;
  /**
   * Decodes `TripleResponseWrapper` bytes. `exceptionCode` is the `tri-exception-code` header (0 when
   * absent): when it is not 0, the Java exception in the data is thrown as a `JavaException`.
   */
  decodeResponse(bytes: Uint8Array, exceptionCode: number): unknown;
}

const utf8 = new TextEncoder();
// Java decodes with `new String(bytes)`, replacing malformed input rather than failing (wrapper.ts).
const utf8Decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
/** The accepted `serializeType`s as bytes: ASCII, so equal bytes are exactly equal decoded strings. */
const HESSIAN2 = utf8.encode('hessian2');
const HESSIAN4 = utf8.encode('hessian4');
const RESPONSE_WRAPPER = 'TripleResponseWrapper';

/**
 * A codec for one method, with everything that does not depend on the call (argTypes names, the encoded
 * serializeType and argTypes fields) computed once here.
 */
export function createJavaMethodCodec(
  signature: JavaMethodSignature,
  options: JavaMethodCodecOptions = {},
): JavaMethodCodec {
  const argTypes = [...signature.argTypes];
  const argTypeNames = Object.freeze(argTypes.map(argTypeName));
  // Java's layout is field 1, every field 2, every field 3 (triple.md §4), so 1 and 3 are fixed bytes.
  const head = encodeField(1, utf8.encode(options.serializeType ?? 'hessian4'));
  const tail = concat(argTypeNames.map((name) => encodeField(3, utf8.encode(name))));
  const limits = options.limits;
  const returnType = signature.returnType;
  // Set up once per method, not per call (issue 5): writers compiled per declared type, one reusable
  // writer and reader, the limits resolved as readHessian resolves them.
  const argWriters = argTypes.map(typedHessianWriter);
  const writer = new HessianWriter();
  const resolved = { ...DEFAULT_HESSIAN_LIMITS, ...limits };
  const reader = new FastHessianReader(resolved);
  const skipConversion = isConversionFree(returnType);
  const span: FieldSpan = { fieldNumber: 1, start: 0, end: 0 };

  return {
    argTypeNames,
    encodeRequest(args) {
      if (args.length !== argTypes.length) {
        throw new RpcError(
          Code.InvalidArgument,
          `expected ${argTypes.length} argument${argTypes.length === 1 ? '' : 's'}, got ${args.length}`,
        );
      }
      const fast = encodeArgumentsFast(args, argWriters, writer, head, tail);
      if (fast !== undefined) return fast;
      const encoded = argTypes.map((type, i) => encodeArgument(args[i], type, i));
      let size = head.length + tail.length;
      for (const arg of encoded) size += fieldSize(arg.length);
      const out = new Uint8Array(size);
      out.set(head, 0);
      let offset = head.length;
      for (const arg of encoded) offset = writeField(out, offset, 2, arg);
      out.set(tail, offset);
      return out;
    },
    decodeResponse(bytes, exceptionCode) {
      // The fields by offset (triple.md §4), with decodeResponseWrapper's checks; a repeated field keeps the last.
      let typeStart = 0;
      let typeEnd = 0;
      let dataStart = -1;
      let dataEnd = -1;
      for (let offset = 0; offset < bytes.length; offset = span.end) {
        readFieldAt(bytes, offset, RESPONSE_WRAPPER, span);
        if (span.fieldNumber === 1) {
          typeStart = span.start;
          typeEnd = span.end;
        } else if (span.fieldNumber === 2) {
          dataStart = span.start;
          dataEnd = span.end;
        }
      }
      if (!isHessianSerialization(bytes, typeStart, typeEnd)) {
        const serializeType = utf8Decoder.decode(bytes.subarray(typeStart, typeEnd));
        throw new RpcError(Code.Internal, `unsupported serialization ${JSON.stringify(serializeType)}`);
      }
      // triple.md §5 client algorithm, step 1: the data is the provider's exception, not a value.
      if (exceptionCode !== 0) {
        if (dataStart < 0)
          throw new RpcError(Code.Internal, `tri-exception-code ${exceptionCode} with no exception data`);
        throw decodeJavaException(bytes.subarray(dataStart, dataEnd), limits);
      }
      if (dataStart < 0) return null;
      if (dataEnd - dataStart <= resolved.maxBytes) {
        const fast = reader.read(bytes, dataStart, dataEnd);
        if (!isFastPathMiss(fast)) return skipConversion ? fast : fromHessian(fast, returnType);
      }
      // The fast reader handed over: the guarded decoder gives the value or the error (readHessian's).
      return fromHessian(decodeHessian(bytes.subarray(dataStart, dataEnd), resolved).value, returnType);
    },
  };
}

/**
 * The whole request wrapper written through the arguments' compiled writers: field 1, a field 2 per
 * argument with its own bare Hessian value, the field-3 bytes (triple.md §4), in one exact-size buffer.
 * `undefined` when a value is outside the fast path; the caller then takes the general path.
 */
function encodeArgumentsFast(
  args: readonly unknown[],
  writers: readonly TypedHessianWrite[],
  writer: HessianWriter,
  head: Uint8Array,
  tail: Uint8Array,
): Uint8Array | undefined {
  if (writer.busy || args.length === 0) return undefined;
  writer.busy = true;
  writer.reset();
  try {
    const count = args.length;
    // Where each argument's bytes end in the writer; they start where the previous one ended.
    const ends = writer.argumentEnds;
    let size = head.length + tail.length;
    for (let i = 0; i < count; i++) {
      const start = writer.length;
      writer.startValue();
      (writers[i] as TypedHessianWrite)(args[i], writer, 0);
      ends[i] = writer.length;
      size += fieldSize(writer.length - start);
    }
    const out = new Uint8Array(size);
    out.set(head, 0);
    let offset = head.length;
    let start = 0;
    for (let i = 0; i < count; i++) {
      const end = ends[i] as number;
      offset = writeField(out, offset, 2, writer.bytes.subarray(start, end));
      start = end;
    }
    out.set(tail, offset);
    return out;
  } catch {
    // A miss, or a getter that threw: the general path runs from the start and decides.
    return undefined;
  } finally {
    writer.release();
  }
}

function isHessianSerialization(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start !== HESSIAN2.length) return false;
  for (let i = 0; i < HESSIAN2.length - 1; i++) if (bytes[start + i] !== HESSIAN2[i]) return false;
  const last = bytes[end - 1];
  return last === HESSIAN2[HESSIAN2.length - 1] || last === HESSIAN4[HESSIAN4.length - 1];
}

/** One argument as its own bare Hessian 2 value: each `encode` call starts fresh ref tables (hessian.md §0). */
function encodeArgument(value: unknown, type: JavaType, index: number): Uint8Array {
  const shaped = toHessian(value, type, `argument ${index}`);
  try {
    return hessianModule().encode(shaped, '2.0');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RpcError(Code.InvalidArgument, `argument ${index} (${argTypeName(type)}): ${reason}`, {
      cause: error,
    });
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
