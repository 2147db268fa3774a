import type { ServiceKey } from '@dubbo-mesh/sdk-core';
import type { ConsumerInfo } from '../invocation.js';
import type { Provider } from '../provider/provider.js';
import { ProviderSet } from '../provider/provider-set.js';
import { formatProviderUrl, makeProvider } from '../provider/provider-url.js';
import type { Registry, RegistryNotice, Unsubscribe } from '../registry/registry.js';
import type { RuleDocument } from '../rules/rule-document.js';
import {
  applyConfigurator,
  type Configurator,
  configuratorFromUrl,
  sortConfigurators,
} from './configurator.js';
import { parseConfiguratorRule } from './configurator-rule.js';
import { mergeProviderParams } from './merge-provider-params.js';

export interface DirectoryOptions {
  readonly service: ServiceKey;
  /** The consumer: its application and host decide which configurators apply (governance.md §4). */
  readonly consumer: ConsumerInfo;
  /**
   * Reference settings merged over provider parameters (governance.md §7): `timeout`, `retries`,
   * `loadbalance`, `<method>.timeout`, `protocol`... Not `consumer.params`: those are routing
   * labels (`region=hz` for `$region`), and merged they would overwrite every provider's own.
   */
  readonly referenceParams?: Readonly<Record<string, string>>;
  /** Protocols this SDK can call; default `tri` (governance.md §0 step 2). */
  readonly callableProtocols?: readonly string[];
}

/** A provider as `dubbo-mesh providers` shows it: merged and configured, and why it is not called. */
export interface ListedProvider {
  readonly provider: Provider;
  /** Undefined when the provider is callable. */
  readonly skipped?: string;
}

/**
 * Turns the registry's raw provider URLs into the invokers of one service (governance.md §0 step
 * 2; Java RegistryDirectory): merges consumer parameters (§7), applies configurators (§4: legacy
 * `override://` URLs from the registry first, then application-scope rules, then service-scope
 * rules), drops `disabled=true` / `enabled=false`, and keeps only protocols this SDK can call, the
 * others listed with a reason. The work is per registry or rule change, never per call. The
 * resulting ProviderSet is a new object only when the callable list changed, and unchanged
 * providers keep their identity, so router and balancer caches stay warm.
 */
export class Directory {
  private raw: readonly Provider[] = [];
  private legacy: readonly Configurator[] = [];
  private rules: readonly Configurator[] = [];
  private current = ProviderSet.EMPTY;
  private listing: readonly ListedProvider[] = [];
  private known = new Map<string, Provider>();
  private readonly listeners = new Set<(providers: ProviderSet) => void>();

  constructor(private readonly options: DirectoryOptions) {}

  /** The callable providers. */
  get providers(): ProviderSet {
    return this.current;
  }

  /** Every provider with its merged parameters, callable or not. */
  get listed(): readonly ListedProvider[] {
    return this.listing;
  }

  /** Called with the new set each time the callable list changes. */
  onChange(listener: (providers: ProviderSet) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Feeds this directory from a registry subscription. */
  subscribe(registry: Registry): Unsubscribe {
    return registry.subscribe(this.options.service, (providers, notice) => this.update(providers, notice));
  }

  /** A new raw list (and, from the notice, the registry's legacy `override://` URLs). */
  update(providers: readonly Provider[], notice?: RegistryNotice): ProviderSet {
    this.raw = providers;
    if (notice?.configurators !== undefined) this.legacy = legacyConfigurators(notice.configurators);
    return this.rebuild();
  }

  /**
   * Replaces the configurator rules (documents of kind `configurator`, from rule files or the
   * config center). Throws a RuleError naming the key of a bad document; the previous rules stay.
   */
  setConfiguratorRules(documents: readonly RuleDocument[]): ProviderSet {
    const parsed = documents
      .filter((document) => document.kind === 'configurator')
      .map(parseConfiguratorRule);
    const ordered = [
      ...parsed.filter((rule) => rule.scope === 'application'),
      ...parsed.filter((rule) => rule.scope === 'service'),
    ];
    this.rules = ordered.flatMap((rule) => sortConfigurators(rule.configurators));
    return this.rebuild();
  }

  private rebuild(): ProviderSet {
    const { consumer, referenceParams = {}, callableProtocols = ['tri'] } = this.options;
    const allowed = referenceParams.protocol?.split(',').map((protocol) => protocol.trim());
    const configurators = [...this.legacy, ...this.rules];
    const known = new Map<string, Provider>();
    const listing: ListedProvider[] = [];
    const callable: Provider[] = [];
    for (const raw of this.raw) {
      if (raw.protocol === 'empty') continue;
      let params: Readonly<Record<string, string>> = mergeProviderParams(raw.params, {
        application: consumer.application,
        params: referenceParams,
      });
      for (const configurator of configurators)
        params = applyConfigurator(raw, params, configurator, consumer.host);
      const identity = `${raw.url}\n${formatProviderUrl({ ...raw, params })}`;
      if (known.has(identity)) continue;
      const provider =
        this.known.get(identity) ?? makeProvider(raw.protocol, raw.host, raw.port, raw.path, params, raw.url);
      known.set(identity, provider);
      const skipped = skipReason(provider, allowed, callableProtocols);
      listing.push(skipped === undefined ? { provider } : { provider, skipped });
      if (skipped === undefined) callable.push(provider);
    }
    this.known = known;
    this.listing = listing;
    const previous = this.current.providers;
    const same =
      previous.length === callable.length &&
      previous.every((provider, index) => provider === callable[index]);
    if (!same) {
      this.current = callable.length === 0 ? ProviderSet.EMPTY : new ProviderSet(callable);
      for (const listener of [...this.listeners]) listener(this.current);
    }
    return this.current;
  }
}

/** Legacy rule URLs: `empty://` clears them all (Java Configurator.toConfigurators); then Java's order. */
function legacyConfigurators(urls: readonly Provider[]): Configurator[] {
  if (urls.some((url) => url.protocol === 'empty')) return [];
  return sortConfigurators(urls.flatMap((url) => configuratorFromUrl(url) ?? []));
}

/** Why a provider is listed but not called (Java RegistryDirectory toInvokers, checkProtocolValid). */
function skipReason(
  provider: Provider,
  allowed: readonly string[] | undefined,
  callable: readonly string[],
): string | undefined {
  const { params } = provider;
  if (params.disabled !== undefined ? params.disabled === 'true' : params.enabled === 'false') {
    return params.disabled !== undefined ? 'disabled=true' : 'enabled=false';
  }
  if (allowed && !allowed.includes(provider.protocol)) {
    return `protocol ${provider.protocol} not among the consumer's protocol=${allowed.join(',')}`;
  }
  if (!callable.includes(provider.protocol)) {
    return `protocol ${provider.protocol} is not callable by this SDK (only ${callable.join(', ')})`;
  }
  return undefined;
}
