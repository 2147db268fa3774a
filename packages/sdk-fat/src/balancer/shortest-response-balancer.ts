import type { Invocation } from '../invocation.js';
import type { Provider } from '../provider/provider.js';
import type { ProviderSet } from '../provider/provider-set.js';
import { type CallStat, CallStats } from './call-stats.js';
import type { BalancerContext, CallOutcome, LoadBalancer } from './load-balancer.js';
import { RankedSelection } from './ranked-selection.js';
import { WeightTables } from './weight-table.js';

/** Java's `shortestResponseSlidePeriod` default (governance.md §5). */
export const SHORTEST_RESPONSE_WINDOW_MS = 30_000;

/**
 * Java's estimate: the whole-millisecond average elapsed time of the successes in the current window,
 * times (calls in flight + 1). A provider without successes in the window estimates 0.
 */
export function estimatedResponseMs(stat: CallStat): number {
  const count = stat.succeeded - stat.windowSucceeded;
  const average = count > 0 ? Math.floor((stat.succeededElapsedMs - stat.windowElapsedMs) / count) : 0;
  return average * (stat.active + 1);
}

/**
 * `shortestresponse` (governance.md §5, Java `ShortestResponseLoadBalance`): the lowest estimated
 * response time, ties weighted-random. As in Java the window is a tumbling one: every 30 s (checked
 * when picking) all averages restart from the calls that follow.
 */
export class ShortestResponseBalancer implements LoadBalancer {
  readonly name = 'shortestresponse';
  private readonly stats = new CallStats();
  private readonly tables = new WeightTables();
  private readonly random = (): number => this.context.random();
  private readonly selection = new RankedSelection(this.stats, estimatedResponseMs);
  private windowStart: number;

  constructor(
    private readonly context: BalancerContext,
    private readonly windowMs = SHORTEST_RESPONSE_WINDOW_MS,
  ) {
    this.windowStart = context.now();
  }

  pick(providers: ProviderSet, invocation: Invocation): Provider {
    if (providers.size === 1) return providers.providers[0]!;
    const now = this.context.now();
    if (now - this.windowStart > this.windowMs) {
      this.stats.resetWindows();
      this.windowStart = now;
    }
    const table = this.tables.get(providers, invocation.method, now);
    return this.selection.pick(providers, invocation.method, table, this.random);
  }

  onStart(provider: Provider, invocation: Invocation): void {
    this.stats.start(provider, invocation.method);
  }

  onEnd(provider: Provider, invocation: Invocation, outcome: CallOutcome): void {
    this.stats.end(provider, invocation.method, outcome.ok, outcome.elapsedMs);
  }
}
