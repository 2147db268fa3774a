import { type InboundHeaders, normalizeInboundHeaders, type RawHeaders } from './inbound-headers.js';
import { inboundRequests } from './inbound-index.js';

/** A request as every Node server framework exposes it: node:http, node:http2, Express, Koa's `ctx.req`. */
export interface HeaderCarrier {
  readonly headers: RawHeaders;
}

/** A response that says when it is over (node:http's and node:http2's `close`, also after an abort). */
export interface ClosingResponse {
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Normalizes a request's headers and keeps them in the in-flight index (for
 * `$getExternalInboundRequestHeader`) until `response` closes. Shared by every middleware.
 */
export function captureInbound(headers: RawHeaders, response: ClosingResponse): InboundHeaders {
  const normalized = normalizeInboundHeaders(headers);
  const release = inboundRequests.track(normalized);
  if (release) response.once('close', release);
  return normalized;
}
