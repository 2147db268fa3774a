import type { ClusterContext, ClusterStrategy } from './cluster-strategy.js';
import { noProviderAvailable } from './no-provider-error.js';

/**
 * `available` (governance.md §6, Java `AvailableClusterInvoker`): the first provider of the routed
 * list, without balancing or retries. Java skips unavailable invokers; here the list is already the
 * healthy one (outlier ejection runs before the strategy).
 */
export class AvailableCluster implements ClusterStrategy {
  readonly name = 'available';

  invoke<R>(context: ClusterContext<R>): Promise<R> {
    const first = context.providers().providers[0];
    return first ? context.attempt(first) : Promise.reject(noProviderAvailable());
  }
}
