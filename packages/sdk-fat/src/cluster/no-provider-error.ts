import { Code, RpcError } from '@dubbo-mesh/sdk-core';

/**
 * The error for an empty provider list after routing: Java's RpcException code 6
 * `NO_INVOKER_AVAILABLE_AFTER_FILTER` (governance.md §3.2), as UNAVAILABLE so it may be retried
 * elsewhere (by the mesh fallback, say). `cause` is the last attempt's error when a retry found none.
 */
export function noProviderAvailable(cause?: unknown): RpcError {
  return new RpcError(
    Code.Unavailable,
    'no provider available after routing (code 6 NO_INVOKER_AVAILABLE_AFTER_FILTER)',
    cause === undefined ? {} : { cause },
  );
}
