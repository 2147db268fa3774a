import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http2';
import { encodeTimeout, type IncomingHeaders } from '@dubbo-mesh/codec-triple';
import { REDACTED } from '@dubbo-mesh/sdk-core';

/**
 * Connection-specific headers: forbidden in HTTP/2 (RFC 9113 §8.2.2) and meaningless past one hop.
 * `te` is allowed only as `trailers`, which gRPC servers expect, so it is kept when it says so.
 */
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'host',
  'http2-settings',
]);

/** True for a header that belongs to one connection and must not be forwarded. */
export function isHopByHop(name: string): boolean {
  return HOP_BY_HOP.has(name);
}

/**
 * Copies the forwardable headers: no pseudo-headers, nothing connection-specific, `te` only as
 * `trailers`. Towards a provider (`asText`) values become the text the channel sends: a repeated
 * header is joined with ", " (RFC 9110 §5.3; gRPC reads repeated metadata the same way).
 */
function copyEndToEnd(
  from: IncomingHeaders,
  to: Record<string, OutgoingHttpHeaders[string]>,
  skip: string | undefined,
  asText: boolean,
): void {
  for (const name of Object.keys(from)) {
    if (name.charCodeAt(0) === 58 /* ':' */ || HOP_BY_HOP.has(name) || name === skip) continue;
    const value = from[name];
    if (value === undefined) continue;
    if (name === 'te' && value !== 'trailers') continue;
    to[name] =
      !asText || typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : String(value);
  }
}

/**
 * The request headers sent to the provider: the caller's, end to end, with `:method` and `:path`
 * from the inbound stream (`:authority` and `:scheme` belong to the outbound connection) and
 * `grpc-timeout` replaced by what is left of the caller's deadline (triple.md §2 "grpc-timeout"),
 * so time spent in the sidecar counts against it.
 */
export function outboundRequestHeaders(
  inbound: IncomingHttpHeaders,
  remainingMs: number | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {
    ':method': inbound[':method'] ?? 'POST',
    ':path': inbound[':path'] ?? '/',
  };
  copyEndToEnd(inbound, headers, 'grpc-timeout', true);
  if (remainingMs !== undefined) headers['grpc-timeout'] = encodeTimeout(remainingMs);
  return headers;
}

/**
 * Whether `from` has nothing to drop: no connection-specific header, `te` only as `trailers`, and no
 * pseudo-header other than `:status` when `statusAllowed`. Node's own `respond`/`sendTrailers`
 * copy and validate what they get, so a clean object is passed on as it came (no copy per call).
 */
function isEndToEnd(from: IncomingHeaders, statusAllowed: boolean): boolean {
  for (const name in from) {
    if (name.charCodeAt(0) === 58 /* ':' */) {
      if (statusAllowed && name === ':status') continue;
      return false;
    }
    if (HOP_BY_HOP.has(name) || (name === 'te' && from[name] !== 'trailers')) return false;
  }
  return true;
}

/** The provider's response headers as the caller gets them: `:status` and the end-to-end headers. */
export function inboundResponseHeaders(outbound: IncomingHeaders): OutgoingHttpHeaders {
  if (outbound[':status'] !== undefined && isEndToEnd(outbound, true)) return outbound;
  const headers: OutgoingHttpHeaders = { ':status': outbound[':status'] ?? 200 };
  copyEndToEnd(outbound, headers, undefined, false);
  return headers;
}

/** The provider's trailers as the caller gets them (trailers carry no pseudo-headers, RFC 9113 §8.1). */
export function inboundTrailers(outbound: IncomingHeaders): OutgoingHttpHeaders {
  if (isEndToEnd(outbound, false)) return outbound;
  const trailers: OutgoingHttpHeaders = {};
  copyEndToEnd(outbound, trailers, undefined, false);
  return trailers;
}

/**
 * `headers` (response headers or trailers for the caller) with the provider's token taken out of
 * `grpc-message`: Java's TokenFilter quotes the token it got when it refuses a call, and that token
 * is the registry's secret, which the sidecar added; the calling app must not see it. The object is
 * copied only when the message holds the token.
 */
export function withoutTokenInMessage(
  headers: OutgoingHttpHeaders,
  token: string | undefined,
): OutgoingHttpHeaders {
  const message = headers['grpc-message'];
  if (token === undefined || typeof message !== 'string' || !message.includes(token)) return headers;
  return { ...headers, 'grpc-message': message.replaceAll(token, REDACTED) };
}
