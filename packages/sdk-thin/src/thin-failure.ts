import { Code, RpcError, wasConnectionLost, wasNotSent } from '@dubbo-mesh/sdk-core';

/**
 * Why a call through the sidecar failed, as far as the mesh fallback cares (ARCHITECTURE.md
 * "Fallback state machine"):
 * - `not-sent`: no byte reached the sidecar (socket missing, refused, refused stream, GOAWAY before
 *   the stream started). It cannot have executed anywhere, so any method may be re-sent.
 * - `connection-lost`: the connection broke while the call was out (sidecar killed, PING timeout,
 *   stream reset without a status). It may have executed.
 * - `answered`: the sidecar or the provider behind it answered with a status, or the caller gave up
 *   (deadline, cancellation). The sidecar is working; the error is the call's result.
 */
export type ThinFailure =
  | { readonly kind: 'not-sent'; readonly reason: SidecarUnreachableReason; readonly message: string }
  | { readonly kind: 'connection-lost'; readonly message: string }
  | { readonly kind: 'answered' };

/** What kept a call from reaching the sidecar. */
export type SidecarUnreachableReason = 'socket-missing' | 'connect-refused' | 'unreachable';

/**
 * Classifies a failed Thin call. `signal` is the call's own AbortSignal: a cancellation the caller
 * asked for is an answer, not a sidecar failure.
 *
 * sdk-core marks both: errors of calls that never left (`wasNotSent`) and errors of broken
 * connections or streams (`wasConnectionLost`: socket or session errors, PING timeouts, RST_STREAM
 * without a status, no trailers). Anything else is a status the peer sent. A `cause` with a Node
 * error code is still read as a broken connection, for errors made outside sdk-core's channel.
 */
export function classifyThinFailure(error: unknown, signal?: AbortSignal): ThinFailure {
  if (wasNotSent(error)) {
    return { kind: 'not-sent', reason: unreachableReason(error), message: messageOf(error) };
  }
  if (!(error instanceof RpcError) || signal?.aborted) return { kind: 'answered' };
  if (wasConnectionLost(error) || (LOST_CODES.has(error.code) && hasErrorCode(error.cause))) {
    return { kind: 'connection-lost', message: error.rawMessage };
  }
  return { kind: 'answered' };
}

/** Codes sdk-core gives a call whose connection broke; any other code is an answer. */
const LOST_CODES: ReadonlySet<Code> = new Set([
  Code.Unavailable,
  Code.Internal,
  Code.Cancelled,
  Code.Unknown,
]);

/** ENOENT: nothing at the socket path; ECONNREFUSED: a path or port with no listener. */
export function unreachableReason(error: unknown): SidecarUnreachableReason {
  const code = errorCodeIn(error);
  if (code === 'ENOENT') return 'socket-missing';
  if (code === 'ECONNREFUSED') return 'connect-refused';
  return 'unreachable';
}

/** The first Node error code (`ENOENT`, `ERR_HTTP2_...`) along an error's cause chain. */
function errorCodeIn(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function hasErrorCode(cause: unknown): boolean {
  return (
    typeof cause === 'object' && cause !== null && typeof (cause as { code?: unknown }).code === 'string'
  );
}

function messageOf(error: unknown): string {
  if (error instanceof RpcError) return error.rawMessage;
  return error instanceof Error ? error.message : String(error);
}
