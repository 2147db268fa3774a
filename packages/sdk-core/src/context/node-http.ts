import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ClosingResponse, captureInbound, type HeaderCarrier } from './inbound-capture.js';
import { enterInboundHeaders, runWithInboundHeaders } from './inbound-headers.js';

/**
 * Middleware for node:http, node:http2's compatibility API, Express 5 and Connect: captures the
 * request's headers once, so outbound calls made while handling it carry its lane
 * (traffic-label.md). With `next` (Express, Connect), the rest of the chain runs inside the capture;
 * without it (a bare `request` listener), the capture applies to the rest of the listener and
 * everything it schedules.
 *
 * @example
 * app.use(inboundContext);                                  // Express 5
 * http.createServer((req, res) => { inboundContext(req, res); handle(req, res); });
 */
export function inboundContext(
  request: HeaderCarrier,
  response: ClosingResponse,
  next?: () => unknown,
): void {
  const headers = captureInbound(request.headers, response);
  if (next) runWithInboundHeaders(headers, next);
  else enterInboundHeaders(headers);
}

/**
 * Wraps a node:http (or node:http2 compatibility) request listener so each request runs with its
 * headers captured.
 *
 * @example
 * http.createServer(withInboundContext(async (req, res) => res.end(await greeter.sayHello({ name: 'x' }))));
 */
export function withInboundContext<
  // node:http's types when nothing else is inferred (`const server = createServer(withInboundContext(...))`).
  Req extends HeaderCarrier = IncomingMessage,
  Res extends ClosingResponse = ServerResponse,
  R = unknown,
>(handler: (request: Req, response: Res) => R): (request: Req, response: Res) => R {
  return (request, response) =>
    runWithInboundHeaders(captureInbound(request.headers, response), () => handler(request, response));
}
