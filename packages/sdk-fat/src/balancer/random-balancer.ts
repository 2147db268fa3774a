import type { Invocation } from '../invocation.js';
import type { Provider } from '../provider/provider.js';
import type { ProviderSet } from '../provider/provider-set.js';
import type { BalancerContext, LoadBalancer } from './load-balancer.js';
import { WeightTables, weightedIndex } from './weight-table.js';

/**
 * `random` (governance.md §5, Java `RandomLoadBalance`): a pick proportional to the weights, uniform
 * when they are all equal. Java decides "weighted or not" from the first provider's parameters only;
 * we use every provider's weight, so P1, P2, P4 (weight 200) give 25/25/50 % whatever their order.
 */
export class RandomBalancer implements LoadBalancer {
  readonly name = 'random';
  private readonly tables = new WeightTables();

  constructor(private readonly context: BalancerContext) {}

  pick(providers: ProviderSet, invocation: Invocation): Provider {
    if (providers.size === 1) return providers.providers[0]!;
    const table = this.tables.get(providers, invocation.method, this.context.now());
    return providers.providers[weightedIndex(table, this.context.random())]!;
  }
}
