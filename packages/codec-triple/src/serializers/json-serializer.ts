import { Code } from '../code.js';
import { RpcError } from '../rpc-error.js';
import type { Serializer } from '../serializer.js';

const encoder = new TextEncoder();
// Fatal, so a corrupted payload is an error rather than a string with U+FFFD in it.
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * UTF-8 JSON, as dubbo-go and dubbo-js send for `application/grpc+json` (triple.md §1). `encode` rejects
 * what `JSON.stringify` cannot represent (`undefined`, functions, BigInt, cycles) with
 * `RpcError(InvalidArgument)`; `decode` rejects invalid UTF-8 and invalid JSON with `RpcError(Internal)`.
 */
export const jsonSerializer: Serializer<unknown> = {
  name: 'json',
  encode(value) {
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch (error) {
      throw new RpcError(Code.InvalidArgument, `cannot encode JSON: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    if (text === undefined)
      throw new RpcError(Code.InvalidArgument, `cannot encode JSON: ${typeof value} has no JSON form`);
    return encoder.encode(text);
  },
  decode(bytes) {
    try {
      return JSON.parse(decoder.decode(bytes));
    } catch (error) {
      throw new RpcError(Code.Internal, `invalid JSON message: ${errorMessage(error)}`, { cause: error });
    }
  },
};

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
