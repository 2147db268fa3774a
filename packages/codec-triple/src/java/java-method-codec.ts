import { Code } from '../code.js';
import { RpcError } from '../rpc-error.js';
import { decodeResponseWrapper } from '../wrapper.js';
import { encodeField, fieldSize, writeField } from '../wrapper-wire.js';
import { fromHessian } from './from-hessian.js';
import { hessianModule } from './hessian-module.js';
import { type HessianLimits, readHessian } from './hessian-reader.js';
import { decodeJavaException } from './java-exception.js';
import { argTypeName, type JavaType } from './java-type.js';
import { toHessian } from './to-hessian.js';

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

const ACCEPTED_SERIALIZATIONS = new Set(['hessian2', 'hessian4']);
const utf8 = new TextEncoder();

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

  return {
    argTypeNames,
    encodeRequest(args) {
      if (args.length !== argTypes.length) {
        throw new RpcError(
          Code.InvalidArgument,
          `expected ${argTypes.length} argument${argTypes.length === 1 ? '' : 's'}, got ${args.length}`,
        );
      }
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
      const { serializeType, data } = decodeResponseWrapper(bytes);
      if (!ACCEPTED_SERIALIZATIONS.has(serializeType)) {
        throw new RpcError(Code.Internal, `unsupported serialization ${JSON.stringify(serializeType)}`);
      }
      // triple.md §5 client algorithm, step 1: the data is the provider's exception, not a value.
      if (exceptionCode !== 0) {
        if (data === undefined)
          throw new RpcError(Code.Internal, `tri-exception-code ${exceptionCode} with no exception data`);
        throw decodeJavaException(data, limits);
      }
      return data === undefined ? null : fromHessian(readHessian(data, limits), returnType);
    },
  };
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
