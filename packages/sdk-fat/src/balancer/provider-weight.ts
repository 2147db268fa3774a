import type { Provider } from '../provider/provider.js';
import { providerParam } from '../provider/provider.js';
import { integerParam } from './integer-param.js';

/** `weight` when a provider sets none (governance.md §1, Java `Constants.DEFAULT_WEIGHT`). */
export const DEFAULT_WEIGHT = 100;
/** `warmup` when a provider sets none: 10 minutes, in milliseconds as Java (governance.md §11.3). */
export const DEFAULT_WARMUP_MS = 600_000;

/** The configured weight: `<method>.weight`, else `weight`, else 100 (governance.md §5). */
export function configuredWeight(provider: Provider, method: string): number {
  return integerParam(providerParam(provider, 'weight', method), DEFAULT_WEIGHT);
}

/**
 * Java's `calculateWarmupWeight`: ⌊uptime / (warmup / weight)⌋ clamped to [1, weight]. Java does this
 * division in `float`; `Math.fround` reproduces its rounding, so the boundaries fall where Java's do.
 */
export function warmupWeight(uptimeMs: number, warmupMs: number, weight: number): number {
  const step = Math.fround(Math.fround(warmupMs) / Math.fround(weight));
  const ramped = Math.trunc(Math.fround(Math.fround(uptimeMs) / step));
  return ramped < 1 ? 1 : Math.min(ramped, weight);
}

/**
 * The weight a balancer uses for `provider` at `now` (Java `AbstractLoadBalance.getWeight`,
 * governance.md §5): the configured weight, ramped up over `warmup` ms after the provider's start
 * `timestamp`; a start in the future (clock skew) counts 1. Never negative.
 */
export function providerWeight(provider: Provider, method: string, now: number): number {
  const weight = configuredWeight(provider, method);
  if (weight <= 0) return 0;
  const timestamp = integerParam(provider.params.timestamp, 0);
  if (timestamp <= 0) return weight;
  const uptime = now - timestamp;
  if (uptime < 0) return 1;
  const warmup = integerParam(provider.params.warmup, DEFAULT_WARMUP_MS);
  // Java's `uptime > 0 && uptime < warmup`: at uptime 0 exactly the full weight applies.
  return uptime > 0 && uptime < warmup ? warmupWeight(uptime, warmup, weight) : weight;
}

/**
 * True while `provider`'s weight still depends on the time: it is warming up, or its start
 * timestamp lies in the future. Weight tables are cached only while no provider is in this state.
 */
export function isWarmingUp(provider: Provider, method: string, now: number): boolean {
  if (configuredWeight(provider, method) <= 0) return false;
  const timestamp = integerParam(provider.params.timestamp, 0);
  if (timestamp <= 0) return false;
  return now - timestamp < integerParam(provider.params.warmup, DEFAULT_WARMUP_MS);
}
