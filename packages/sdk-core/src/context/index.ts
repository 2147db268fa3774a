// Inbound request context: headers captured once per request (AsyncLocalStorage) and the ready
// middleware that capture them, so outbound calls can carry the request's lane (traffic-label.md).
// Subpath `@dubbo-mesh/sdk-core/context`; no web framework is loaded.
export {
  type FastifyHookLike,
  type FastifyLike,
  type FastifyPluginLike,
  type FastifyReplyLike,
  fastifyInboundContext,
} from './fastify.js';
export { type ClosingResponse, captureInbound, type HeaderCarrier } from './inbound-capture.js';
export {
  currentInboundHeaders,
  enterInboundHeaders,
  type InboundHeaders,
  normalizeInboundHeaders,
  type RawHeaders,
  runWithInboundHeaders,
} from './inbound-headers.js';
export { InboundRequestIndex, inboundRequests } from './inbound-index.js';
export { type KoaContextLike, koaInboundContext } from './koa.js';
export { inboundContext, withInboundContext } from './node-http.js';
export { hasAttachment, propagateInboundHeaders } from './propagate-headers.js';
