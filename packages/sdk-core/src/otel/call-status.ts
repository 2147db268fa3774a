import { Code, codeName, RpcError } from '@dubbo-mesh/codec-triple';

/** How a call ended, as spans and metrics report it. */
export interface CallStatus {
  readonly code: Code;
  /** `OK`, `UNAVAILABLE`, ...: the gRPC name Triple uses (triple.md §5). */
  readonly codeName: string;
  /** `error.type` of the semantic conventions: the code name, or the class of a non-RPC error. */
  readonly errorType: string | undefined;
}

const OK: CallStatus = { code: Code.Ok, codeName: 'OK', errorType: undefined };

/**
 * The status of a call that failed with `error` (or succeeded, with `undefined`). Every error a
 * dubbo-mesh transport throws is an `RpcError`; anything else came from an interceptor and is
 * `UNKNOWN` on the wire, as grpc-js reports a thrown handler error.
 */
export function callStatus(error: unknown): CallStatus {
  if (error === undefined) return OK;
  if (error instanceof RpcError)
    return { code: error.code, codeName: error.codeName, errorType: error.codeName };
  const type = error instanceof Error ? error.name : typeof error;
  return { code: Code.Unknown, codeName: codeName(Code.Unknown), errorType: type };
}
