import { AsyncLocalStorage } from 'node:async_hooks';
import type { Attachments } from '@dubbo-mesh/codec-triple';

/** Options of one call. Every field is optional; unset fields come from the client's defaults. */
export interface CallOptions {
  /** The call fails with DEADLINE_EXCEEDED after this many milliseconds; sent as `grpc-timeout`. */
  timeoutMs?: number;
  /** Aborting cancels the call: the provider sees RST_STREAM CANCEL. */
  signal?: AbortSignal;
  /** Sent as request headers (Dubbo attachments; triple.md §2). */
  attachments?: Readonly<Record<string, Attachments[string] | number | boolean>>;
  /** Called with the response headers, as attachments. */
  onHeader?: (headers: Attachments) => void;
  /** Called with the response trailers, as attachments (Dubbo's response attachments). */
  onTrailer?: (trailers: Attachments) => void;
}

const scope = new AsyncLocalStorage<CallOptions>();

/**
 * Runs `fn` with `options` applied to every call made inside it (also across awaits), the way a
 * Java consumer uses RpcContext. Needed for Java-interface methods, whose typed signature has no
 * room for options. Nested scopes merge, the inner one winning.
 */
export function withCallOptions<T>(options: CallOptions, fn: () => T): T {
  const outer = scope.getStore();
  return scope.run(outer ? mergeCallOptions(outer, options) : options, fn);
}

/** The options of the innermost `withCallOptions` scope, if any. */
export function currentCallOptions(): CallOptions | undefined {
  return scope.getStore();
}

/**
 * Merges call options; `b` wins where it sets a field, attachments are merged key by key. A field
 * that `b` holds as `undefined` counts as unset, so `{ timeoutMs: config.timeout }` with nothing
 * configured keeps the default deadline.
 */
export function mergeCallOptions(a: CallOptions | undefined, b: CallOptions | undefined): CallOptions {
  if (!a) return b ?? {};
  if (!b) return a;
  const merged: CallOptions = { ...a };
  for (const key of Object.keys(b) as Array<keyof CallOptions>) {
    if (b[key] !== undefined) Object.assign(merged, { [key]: b[key] });
  }
  if (a.attachments && b.attachments) merged.attachments = { ...a.attachments, ...b.attachments };
  return merged;
}
