import type { ProviderSet } from '../provider/provider-set.js';
import { isWarmingUp, providerWeight } from './provider-weight.js';

/**
 * While some provider warms up, its weight changes with time: the table is recomputed at most this
 * often. A ramp lasts minutes (governance.md §5, `warmup` 600000 ms), so a weight one second stale is
 * immaterial, and a cluster restarting all at once does not cost O(providers) on every call.
 */
export const WARMUP_REFRESH_MS = 1_000;

/** The weights of one provider set for one method, with prefix sums for weighted picks. */
export interface WeightTable {
  /** Weight of each provider, by its index in `ProviderSet.providers`. */
  readonly weights: Int32Array;
  /** `prefix[i]` = weights[0] + … + weights[i]. */
  readonly prefix: Float64Array;
  readonly total: number;
  readonly maxWeight: number;
  /** All weights equal: a uniform pick gives the same distribution without a search. */
  readonly sameWeight: boolean;
  /** The clock range over which the table holds (the whole time line unless a provider warms up). */
  readonly validFrom: number;
  readonly validUntil: number;
}

interface SetWeights {
  /** Some provider sets a `<method>.weight`: tables differ per method. */
  readonly perMethod: boolean;
  readonly tables: Map<string, WeightTable>;
}

/**
 * Weight tables cached per provider set (and per method only when a method-level weight exists), so
 * a pick costs no work proportional to the number of providers (the performance contract of
 * load-balancer.ts). One instance per balancer keeps clocks of different balancers apart.
 */
export class WeightTables {
  private readonly sets = new WeakMap<ProviderSet, SetWeights>();

  get(providers: ProviderSet, method: string, now: number): WeightTable {
    let entry = this.sets.get(providers);
    if (!entry) {
      const perMethod = providers.providers.some((p) =>
        Object.keys(p.params).some((k) => k.endsWith('.weight')),
      );
      entry = { perMethod, tables: new Map() };
      this.sets.set(providers, entry);
    }
    const key = entry.perMethod ? method : '';
    const cached = entry.tables.get(key);
    if (cached && now >= cached.validFrom && now < cached.validUntil) return cached;
    const table = computeWeightTable(providers, method, now);
    entry.tables.set(key, table);
    return table;
  }
}

/** Builds the table for `providers` at `now`: O(providers), once per set unless a warm-up is in progress. */
export function computeWeightTable(providers: ProviderSet, method: string, now: number): WeightTable {
  const n = providers.size;
  const weights = new Int32Array(n);
  const prefix = new Float64Array(n);
  let total = 0;
  let maxWeight = 0;
  let warming = false;
  providers.providers.forEach((provider, i) => {
    const weight = providerWeight(provider, method, now);
    weights[i] = weight;
    total += weight;
    prefix[i] = total;
    maxWeight = Math.max(maxWeight, weight);
    warming ||= isWarmingUp(provider, method, now);
  });
  const sameWeight = weights.every((w) => w === weights[0]);
  return warming
    ? { weights, prefix, total, maxWeight, sameWeight, validFrom: now, validUntil: now + WARMUP_REFRESH_MS }
    : { weights, prefix, total, maxWeight, sameWeight, validFrom: -Infinity, validUntil: Infinity };
}

/** A uniform index in [0, n) from a random number in [0, 1). */
export function uniformIndex(random: number, n: number): number {
  return Math.min(n - 1, Math.floor(random * n));
}

/**
 * A weighted index: the first prefix sum above ⌊random·total⌋ (Java `RandomLoadBalance`), found by
 * binary search. Exactly proportional to the weights (governance.md §11.2); zero weights are never
 * picked. Uniform when every weight is equal or all are zero, as Java.
 */
export function weightedIndex(table: WeightTable, random: number): number {
  const n = table.weights.length;
  if (table.sameWeight || table.total <= 0) return uniformIndex(random, n);
  const offset = Math.floor(random * table.total);
  let low = 0;
  let high = n - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (table.prefix[mid]! > offset) high = mid;
    else low = mid + 1;
  }
  return low;
}
