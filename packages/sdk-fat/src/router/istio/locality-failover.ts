import type { ConsumerInfo } from '../../invocation.js';
import type { Provider } from '../../provider/provider.js';
import { ProviderSet } from '../../provider/provider-set.js';
import type { LocalityPolicy } from './destination-policy.js';

/** How the locality preference learns which providers outlier ejection took out. */
export interface ProviderHealth {
  /** False for an ejected provider; default: every provider is healthy. */
  readonly isHealthy?: ((provider: Provider) => boolean) | undefined;
  /**
   * A number that changes whenever `isHealthy` may answer differently. With it, the healthy part of
   * each locality is computed once per provider set and version; without it, on every call.
   */
  readonly healthVersion?: (() => number) | undefined;
}

/** The providers a locality preference keeps, and which locality they are, for explanations. */
export interface LocalityChoice {
  readonly providers: ProviderSet;
  readonly locality: string;
}

/**
 * Istio locality load balancing for disaster recovery (governance.md §7 table, §11.8): prefer the
 * caller's zone (provider param `zone` equal to the consumer's), then its region (`region`), then
 * the `failover.to` region named for the caller's `from`, then any provider; a locality counts only
 * if it has a healthy provider, and only its healthy ones are kept. With no healthy provider at all,
 * every candidate is kept, as Envoy's panic mode does, so the call still has somewhere to go.
 * Localities are derived once per provider set; a call costs a few cache lookups.
 */
export class LocalityFailover {
  private readonly healthyParts = new WeakMap<
    ProviderSet,
    { readonly version: number; readonly healthy: ProviderSet }
  >();

  constructor(
    private readonly cacheKey: string,
    private readonly health: ProviderHealth,
  ) {}

  select(
    candidates: ProviderSet,
    consumer: ConsumerInfo,
    policy: LocalityPolicy | undefined,
  ): LocalityChoice {
    const version = this.health.healthVersion?.();
    const { zone, region } = consumer.params;
    const tier = (label: string, keep: (provider: Provider) => boolean): LocalityChoice | undefined => {
      const healthy = this.healthyPart(candidates.derive(`${this.cacheKey}:${label}`, keep), version);
      return healthy.size > 0 ? { providers: healthy, locality: label } : undefined;
    };
    const chosen =
      (zone !== undefined ? tier(`zone ${zone}`, (p) => p.params.zone === zone) : undefined) ??
      (region !== undefined ? tier(`region ${region}`, (p) => p.params.region === region) : undefined) ??
      this.failover(policy, zone, region, tier) ??
      tier('any locality', () => true);
    return chosen ?? { providers: candidates, locality: 'no healthy provider: all (panic)' };
  }

  private failover(
    policy: LocalityPolicy | undefined,
    zone: string | undefined,
    region: string | undefined,
    tier: (label: string, keep: (provider: Provider) => boolean) => LocalityChoice | undefined,
  ): LocalityChoice | undefined {
    for (const { from, to } of policy?.failover ?? []) {
      if (from !== region && from !== zone) continue;
      const chosen = tier(`failover ${from} → ${to}`, (p) => p.params.region === to || p.params.zone === to);
      if (chosen) return chosen;
    }
    return undefined;
  }

  private healthyPart(set: ProviderSet, version: number | undefined): ProviderSet {
    const isHealthy = this.health.isHealthy;
    if (isHealthy === undefined || set.size === 0) return set;
    if (version !== undefined) {
      const cached = this.healthyParts.get(set);
      if (cached?.version === version) return cached.healthy;
    }
    const kept = set.providers.filter(isHealthy);
    const healthy =
      kept.length === set.size ? set : kept.length === 0 ? ProviderSet.EMPTY : new ProviderSet(kept);
    if (version !== undefined) this.healthyParts.set(set, { version, healthy });
    return healthy;
  }
}
