import type { Provider } from './provider.js';

/**
 * An immutable list of providers with an identity. Routers cache what they compute per provider
 * set (which providers a rule keeps, tag addresses, hash rings), so a call costs no work that grows
 * with the number of providers: a new address list or a new rule builds new caches once
 * (the precomputation the sdk-fat issue asks for).
 */
export class ProviderSet {
  static readonly EMPTY = new ProviderSet([]);

  readonly providers: readonly Provider[];
  private readonly derived = new Map<string, ProviderSet>();
  private memberSet: ReadonlySet<Provider> | undefined;

  constructor(providers: readonly Provider[]) {
    this.providers = providers;
  }

  get size(): number {
    return this.providers.length;
  }

  has(provider: Provider): boolean {
    this.memberSet ??= new Set(this.providers);
    return this.memberSet.has(provider);
  }

  /**
   * The subset `keep` selects, computed once per `key` for this set and cached: `key` must name
   * everything `keep` depends on other than the providers themselves (a rule id, a tag, a subset).
   * Returns `this` when nothing is removed, so identity survives filters that keep everyone.
   */
  derive(key: string, keep: (provider: Provider) => boolean): ProviderSet {
    const cached = this.derived.get(key);
    if (cached) return cached;
    const kept = this.providers.filter(keep);
    const result =
      kept.length === this.providers.length
        ? this
        : kept.length === 0
          ? ProviderSet.EMPTY
          : new ProviderSet(kept);
    this.derived.set(key, result);
    return result;
  }

  /** Providers in both sets, cached per `other` (which must itself be a cached, long-lived set). */
  intersect(other: ProviderSet, key: string): ProviderSet {
    if (other === this) return this;
    return this.derive(`∩${key}`, (provider) => other.has(provider));
  }
}
