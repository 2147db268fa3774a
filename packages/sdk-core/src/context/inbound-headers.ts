import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Headers of the request a service is handling, as the TrafficLabel sources read them
 * (traffic-label.md "Sources of a value"): lower-case names, one string per name.
 */
export type InboundHeaders = Readonly<Record<string, string>>;

/**
 * Headers as servers hand them over: node:http's `IncomingHttpHeaders` (repeated headers as arrays),
 * node:http2's (pseudo-headers included), gRPC metadata maps (binary values as Buffers), or a plain record.
 */
export type RawHeaders = Readonly<
  Record<string, string | readonly string[] | number | Uint8Array | undefined>
>;

const scope = new AsyncLocalStorage<InboundHeaders>();

/**
 * Lower-cases names, joins repeated values with `, ` (RFC 9110 §5.3), and drops pseudo-headers
 * (`:path`...), `-bin` headers and values that are not text: only text headers can be propagated.
 */
export function normalizeInboundHeaders(raw: RawHeaders): InboundHeaders {
  const headers: Record<string, string> = {};
  for (const name in raw) {
    const value = raw[name];
    if (name.startsWith(':')) continue;
    const key = name.toLowerCase();
    if (key.endsWith('-bin')) continue;
    if (typeof value === 'string') headers[key] = value;
    else if (typeof value === 'number') headers[key] = String(value);
    else if (Array.isArray(value)) headers[key] = value.join(', ');
  }
  return headers;
}

/**
 * Runs `fn` as the handling of an inbound request with these headers: every outbound call made inside
 * it, across awaits and timers, sees them through `currentInboundHeaders()` (traffic-label.md "What it
 * means for this SDK": captured once per request). Nested runs replace the outer headers.
 *
 * @example
 * server.on('request', (req, res) => runWithInboundHeaders(req.headers, () => handle(req, res)));
 */
export function runWithInboundHeaders<T>(headers: RawHeaders, fn: () => T): T {
  return scope.run(normalizeInboundHeaders(headers), fn);
}

/**
 * Makes these headers the inbound request's for the rest of the current synchronous execution and
 * everything it schedules. For hooks that cannot wrap the rest of the request in a function (a
 * node:http `request` listener without `next`); prefer `runWithInboundHeaders` where possible.
 */
export function enterInboundHeaders(headers: RawHeaders): InboundHeaders {
  const normalized = normalizeInboundHeaders(headers);
  scope.enterWith(normalized);
  return normalized;
}

/** The headers of the inbound request being handled, or undefined outside one. */
export function currentInboundHeaders(): InboundHeaders | undefined {
  return scope.getStore();
}
