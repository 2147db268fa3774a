import { integerParam } from '../balancer/integer-param.js';
import type { Provider } from '../provider/provider.js';
import { isBusinessException } from './business-exception.js';
import type { ClusterContext, ClusterStrategy } from './cluster-strategy.js';
import { noProviderAvailable } from './no-provider-error.js';

/** Java's `DEFAULT_FORKS`. */
export const DEFAULT_FORKS = 2;

/**
 * `forking` (governance.md §6, Java `ForkingClusterInvoker`): `forks` (2) distinct providers called in
 * parallel (all of them when `forks` ≤ 0 or ≥ their number); the first result wins, and a business
 * exception is a result, as in Java. Only when every attempt fails does the call fail, with the
 * error that arrived last. Each attempt keeps its own deadline, so no extra timer is needed; losing
 * attempts run to completion (ClusterContext offers no way to cancel them).
 */
export class ForkingCluster implements ClusterStrategy {
  readonly name = 'forking';

  invoke<R>(context: ClusterContext<R>): Promise<R> {
    const providers = context.providers();
    if (providers.size === 0) return Promise.reject(noProviderAvailable());
    const forks = integerParam(context.param('forks'), DEFAULT_FORKS);
    let chosen: readonly Provider[] = providers.providers;
    if (forks > 0 && forks < providers.size) {
      const picked = new Set<Provider>();
      for (let i = 0; i < forks; i++) {
        const provider = context.select(providers, picked);
        if (!provider || picked.has(provider)) break;
        picked.add(provider);
      }
      chosen = [...picked];
    }
    if (chosen.length === 0) return Promise.reject(noProviderAvailable());
    return new Promise<R>((resolve, reject) => {
      let failures = 0;
      for (const provider of chosen) {
        context.attempt(provider).then(resolve, (error: unknown) => {
          if (isBusinessException(error)) reject(error);
          else if (++failures === chosen.length) reject(error);
        });
      }
    });
  }
}
