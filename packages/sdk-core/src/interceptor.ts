import type { CallRequest, CallResponse } from './transport.js';

/**
 * An interceptor wraps the next step: `(next) => async (req) => { ...; return next(req); }`.
 * `req.stream` tells unary from streaming calls. The first interceptor of a list is the outermost.
 */
export type Interceptor = (next: AnyCallFn) => AnyCallFn;

/** The loose form interceptors implement; narrowing on `req.stream` gives the exact types. */
export type AnyCallFn = (request: CallRequest) => Promise<CallResponse>;

/** Composes interceptors around a final step, outermost first. */
export function applyInterceptors(final: AnyCallFn, interceptors: readonly Interceptor[]): AnyCallFn {
  let next = final;
  for (let i = interceptors.length - 1; i >= 0; i--) next = interceptors[i]!(next);
  return next;
}
