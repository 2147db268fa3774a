import { type ClosingResponse, captureInbound, type HeaderCarrier } from './inbound-capture.js';
import { runWithInboundHeaders } from './inbound-headers.js';

/** What the Fastify plugin uses of a reply: the node:http response under it. */
export interface FastifyReplyLike {
  readonly raw: ClosingResponse;
}

/** A Fastify hook in callback form. */
export type FastifyHookLike = (request: HeaderCarrier, reply: FastifyReplyLike, done: () => void) => void;

/** What the Fastify plugin uses of a Fastify instance. */
export interface FastifyLike {
  addHook(name: 'onRequest', hook: FastifyHookLike): unknown;
}

/** A Fastify plugin in callback form. */
export type FastifyPluginLike = (instance: FastifyLike, options: unknown, done: () => void) => void;

// The rest of the request's lifecycle runs inside `done`. Fastify 5's body parser re-enters the
// request's async context after reading the body (content-type-parser.js, an AsyncResource), so
// handlers of requests with a body keep the capture too (test/lanes/middleware.test.ts checks it).
const captureOnRequest: FastifyHookLike = (request, reply, done) => {
  runWithInboundHeaders(captureInbound(request.headers, reply.raw), done);
};

function registerInboundContext(instance: FastifyLike, _options: unknown, done: () => void): void {
  instance.addHook('onRequest', captureOnRequest);
  done();
}

/**
 * Fastify 5 plugin: every route's handler runs with the request's headers captured, so outbound
 * calls carry its lane (traffic-label.md). It applies to the whole instance it is registered on,
 * not only to an encapsulated child (the `skip-override` mark fastify-plugin sets). Typed
 * structurally: this package does not load Fastify.
 *
 * @example
 * await app.register(fastifyInboundContext);
 */
export const fastifyInboundContext: FastifyPluginLike = Object.assign(registerInboundContext, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'dubbo-mesh-inbound-context',
});
