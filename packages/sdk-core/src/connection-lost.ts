import type { RpcError } from '@dubbo-mesh/codec-triple';

/**
 * Errors of calls whose connection or stream broke while they were out: a socket or session error,
 * a PING timeout, RST_STREAM without a status, a stream that ended without trailers. Unlike a status
 * the peer sent, such an error says the peer (a sidecar, a proxy) may be gone; the call may or may
 * not have executed (compare `wasNotSent`). The mesh client switches to Fat on these.
 */
const connectionLost = new WeakSet<RpcError>();

export function markConnectionLost<E extends RpcError>(error: E): E {
  connectionLost.add(error);
  return error;
}

/** True when `error` comes from a broken connection or stream, not from a status the peer sent. */
export function wasConnectionLost(error: unknown): boolean {
  return typeof error === 'object' && error !== null && connectionLost.has(error as RpcError);
}
