/**
 * HTTP/2 keepalive: the only way to notice a frozen peer (SIGSTOP) or a half-open connection is a
 * PING whose ACK does not come back (http2-notes.md).
 */
export interface KeepaliveOptions {
  /** Send a PING this often. 0 turns keepalive off. */
  intervalMs: number;
  /** Close the connection when a PING is not acknowledged within this time. */
  timeoutMs: number;
  /**
   * Ping also while no call is in flight. Off by default: gRPC servers count pings on idle
   * connections as strikes and answer with GOAWAY `too_many_pings`.
   */
  withoutCalls: boolean;
}

export const DEFAULT_KEEPALIVE: KeepaliveOptions = {
  intervalMs: 30_000,
  timeoutMs: 10_000,
  withoutCalls: false,
};
