import type { RpcError } from '@dubbo-mesh/codec-triple';

/**
 * Errors of calls that provably never reached the peer: the connection was never made, the stream
 * was refused (RST_STREAM REFUSED_STREAM), or it was above a GOAWAY's last stream id. Such a call
 * may be re-sent anywhere, whatever its method (http2-notes.md; ARCHITECTURE.md fallback rules).
 */
const notSent = new WeakSet<RpcError>();

export function markNotSent<E extends RpcError>(error: E): E {
  notSent.add(error);
  return error;
}

/** True when the call that failed with `error` cannot have executed on any provider. */
export function wasNotSent(error: unknown): boolean {
  return typeof error === 'object' && error !== null && notSent.has(error as RpcError);
}
