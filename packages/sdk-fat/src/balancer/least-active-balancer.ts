import type { Invocation } from '../invocation.js';
import type { Provider } from '../provider/provider.js';
import type { ProviderSet } from '../provider/provider-set.js';
import { CallStats } from './call-stats.js';
import type { BalancerContext, CallOutcome, LoadBalancer } from './load-balancer.js';
import { RankedSelection } from './ranked-selection.js';
import { WeightTables } from './weight-table.js';

/**
 * `leastactive` (governance.md §5, Java `LeastActiveLoadBalance`): the provider with the fewest calls
 * in flight for this method, ties broken by weighted random. In-flight counts come from
 * `onStart`/`onEnd`, which the caller reports for every attempt (Java counts only when `actives` is
 * set; we always count, as the balancer is useless otherwise).
 */
export class LeastActiveBalancer implements LoadBalancer {
  readonly name = 'leastactive';
  private readonly stats = new CallStats();
  private readonly tables = new WeightTables();
  private readonly random = (): number => this.context.random();
  private readonly selection = new RankedSelection(this.stats, (stat) => stat.active);

  constructor(private readonly context: BalancerContext) {}

  pick(providers: ProviderSet, invocation: Invocation): Provider {
    if (providers.size === 1) return providers.providers[0]!;
    const table = this.tables.get(providers, invocation.method, this.context.now());
    return this.selection.pick(providers, invocation.method, table, this.random);
  }

  onStart(provider: Provider, invocation: Invocation): void {
    this.stats.start(provider, invocation.method);
  }

  onEnd(provider: Provider, invocation: Invocation, outcome: CallOutcome): void {
    this.stats.end(provider, invocation.method, outcome.ok, outcome.elapsedMs);
  }

  /** Calls in flight on `provider` for `method` (for tests and `dubbo-mesh providers`). */
  active(provider: Provider, method: string): number {
    return this.stats.stat(provider, method).active;
  }
}
