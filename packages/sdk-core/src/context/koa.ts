import { type ClosingResponse, captureInbound, type HeaderCarrier } from './inbound-capture.js';
import { runWithInboundHeaders } from './inbound-headers.js';

/** What the Koa middleware reads of Koa's context: the node:http request and response. */
export interface KoaContextLike {
  readonly req: HeaderCarrier;
  readonly res: ClosingResponse;
}

/**
 * Koa 2/3 middleware: the rest of the middleware chain and the handler run with the request's
 * headers captured, so outbound calls carry its lane (traffic-label.md). Typed structurally: this
 * package does not load Koa.
 *
 * @example
 * app.use(koaInboundContext);
 */
export function koaInboundContext<T>(context: KoaContextLike, next: () => Promise<T>): Promise<T> {
  return runWithInboundHeaders(captureInbound(context.req.headers, context.res), next);
}
