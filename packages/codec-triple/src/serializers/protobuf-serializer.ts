import type { Type } from 'protobufjs';
import { Code } from '../code.js';
import { RpcError } from '../rpc-error.js';
import type { Serializer } from '../serializer.js';
import { checkMessage } from './protobuf-check.js';

/**
 * How decoded messages look: plain objects, not `Message` instances, so they compare, spread and log like
 * any other value. 64-bit integers are decimal strings (exact beyond 2^53), enums are their names (unknown
 * numbers of open enums stay numbers), bytes are `Uint8Array`s, and absent fields get their defaults
 * (`defaults: true`: 0, '', false, [], {}, null for messages).
 */
const TO_OBJECT = { longs: String, enums: String, defaults: true } as const;

/**
 * A serializer for one protobuf message type (IDL-mode Triple calls, triple.md §4). `encode` accepts what
 * `decode` returns and also what protobufjs itself accepts (numbers, bigints or `Long`s for 64-bit fields,
 * enum numbers, message instances); anything else is `RpcError(InvalidArgument)` naming the field.
 * `decode` throws `RpcError(Internal)` for bytes that are not a valid `type`.
 */
export function protobufSerializer<T>(type: Type): Serializer<T> {
  const name = type.fullName.replace(/^\./, '');
  return {
    name: 'protobuf',
    encode(value: T): Uint8Array {
      const problem = value instanceof type.ctor ? type.verify(value) : checkMessage(type, value, name);
      if (problem !== null) throw new RpcError(Code.InvalidArgument, `invalid ${name} message: ${problem}`);
      try {
        return type.encode(type.fromObject(value as Record<string, unknown>)).finish();
      } catch (error) {
        throw new RpcError(Code.InvalidArgument, `cannot encode ${name}: ${errorMessage(error)}`, {
          cause: error,
        });
      }
    },
    decode(bytes: Uint8Array): T {
      let message: ReturnType<Type['decode']>;
      try {
        message = type.decode(bytes);
      } catch (error) {
        throw new RpcError(Code.Internal, `invalid ${name} message: ${errorMessage(error)}`, {
          cause: error,
        });
      }
      return type.toObject(message, TO_OBJECT) as T;
    },
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
