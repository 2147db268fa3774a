import type { ClusterContext, ClusterStrategy } from './cluster-strategy.js';
import { noProviderAvailable } from './no-provider-error.js';

/**
 * `failfast` (governance.md §6): one attempt; its error goes to the caller unchanged. For
 * non-idempotent writes.
 */
export class FailfastCluster implements ClusterStrategy {
  readonly name = 'failfast';

  invoke<R>(context: ClusterContext<R>): Promise<R> {
    const providers = context.providers();
    const provider = providers.size === 0 ? undefined : context.select(providers, new Set());
    if (!provider) return Promise.reject(noProviderAvailable());
    return context.attempt(provider);
  }
}
