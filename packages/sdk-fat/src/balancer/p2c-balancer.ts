import type { Invocation } from '../invocation.js';
import type { Provider } from '../provider/provider.js';
import type { ProviderSet } from '../provider/provider-set.js';
import { type CallStat, CallStats } from './call-stats.js';
import type { BalancerContext, CallOutcome, LoadBalancer } from './load-balancer.js';
import { uniformIndex, WeightTables } from './weight-table.js';

/** Weight of the newest latency sample in the moving average. */
export const P2C_EWMA_ALPHA = 0.3;
/** An idle provider's remembered latency halves about every 7 s (e^(-t/10 s)), so one slow call long ago does not starve it. */
export const P2C_DECAY_MS = 10_000;

/**
 * `p2c`, power of two choices (governance.md §5; Java `adaptive` and Go `p2c` are variants): two
 * distinct providers drawn at random, the one with the lower load wins, where
 * load = (in flight + 1) · (latency EWMA + 1) / weight. O(1) per pick whatever the number of
 * providers. Failed calls feed the latency average too, so a provider that times out loses.
 */
export class P2cBalancer implements LoadBalancer {
  readonly name = 'p2c';
  private readonly stats = new CallStats();
  private readonly tables = new WeightTables();

  constructor(private readonly context: BalancerContext) {}

  pick(providers: ProviderSet, invocation: Invocation): Provider {
    const n = providers.size;
    if (n === 1) return providers.providers[0]!;
    const now = this.context.now();
    const { weights } = this.tables.get(providers, invocation.method, now);
    const first = uniformIndex(this.context.random(), n);
    let second = uniformIndex(this.context.random(), n - 1);
    if (second >= first) second++;
    const load = (index: number): number => {
      const weight = weights[index]!;
      if (weight <= 0) return Number.POSITIVE_INFINITY;
      const stat = this.stats.stat(providers.providers[index]!, invocation.method);
      return ((stat.active + 1) * (latencyMs(stat, now) + 1)) / weight;
    };
    return providers.providers[load(second) < load(first) ? second : first]!;
  }

  onStart(provider: Provider, invocation: Invocation): void {
    this.stats.start(provider, invocation.method);
  }

  onEnd(provider: Provider, invocation: Invocation, outcome: CallOutcome): void {
    const stat = this.stats.end(provider, invocation.method, outcome.ok, outcome.elapsedMs);
    const now = this.context.now();
    stat.ewmaMs =
      stat.samples === 0
        ? outcome.elapsedMs
        : latencyMs(stat, now) + P2C_EWMA_ALPHA * (outcome.elapsedMs - latencyMs(stat, now));
    stat.ewmaAt = now;
    stat.samples++;
  }
}

/** The latency average decayed by the time since its last sample. */
function latencyMs(stat: CallStat, now: number): number {
  if (stat.samples === 0) return 0;
  const idle = Math.max(0, now - stat.ewmaAt);
  return stat.ewmaMs * Math.exp(-idle / P2C_DECAY_MS);
}
