import type { ServiceKey } from '@dubbo-mesh/sdk-core';
import type { ProviderSet } from '../provider/provider-set.js';
import type { ConfigCenter, Unsubscribe } from '../registry/registry.js';
import { parseRuleDocuments, type RuleDocument } from '../rules/rule-document.js';

/**
 * Rules from the config center (governance.md §3.1 table): the keys a Java consumer of the same
 * services would watch. Each key's documents are swapped atomically: `apply` builds the combined
 * rule set and returns an error when it is invalid, and then the key keeps its previous documents
 * (a broken rule is reported and the old rules stay in force).
 */
export class ConfigCenterRules {
  private readonly watches = new Map<string, Unsubscribe>();
  private readonly byKey = new Map<string, readonly RuleDocument[]>();

  constructor(
    private readonly center: ConfigCenter,
    consumerApplication: string,
    private readonly apply: (documents: readonly RuleDocument[]) => Error | undefined,
    private readonly report: (error: Error) => void,
  ) {
    this.watch(`${consumerApplication}.condition-router`);
    this.watch(`${consumerApplication}.configurators`);
  }

  /** Every document in force, in key order. */
  get documents(): readonly RuleDocument[] {
    return [...this.byKey.keys()].sort().flatMap((key) => this.byKey.get(key) ?? []);
  }

  /** The service's own keys: `iface:version:group.condition-router` and `.configurators`. */
  watchService(key: ServiceKey): void {
    const serviceKey = `${key.serviceName}:${key.version ?? ''}:${key.group ?? ''}`;
    this.watch(`${serviceKey}.condition-router`);
    this.watch(`${serviceKey}.configurators`);
  }

  /** The keys of the provider applications seen in a provider list: tag, condition and mesh rules. */
  watchApplications(providers: ProviderSet): void {
    for (const provider of providers.providers) {
      const application = provider.params['remote.application'] ?? provider.params.application;
      if (!application) continue;
      this.watch(`${application}.tag-router`);
      this.watch(`${application}.condition-router`);
      this.watch(`${application}.MESHAPPRULE`);
    }
  }

  close(): void {
    for (const stop of this.watches.values()) stop();
    this.watches.clear();
  }

  private watch(key: string): void {
    if (this.watches.has(key)) return;
    this.watches.set(
      key,
      this.center.watch(key, (content) => this.update(key, content)),
    );
  }

  private update(key: string, content: string | undefined): void {
    let documents: readonly RuleDocument[];
    try {
      documents =
        content === undefined || content.trim() === ''
          ? []
          : parseRuleDocuments(content, `config-center:${key}`);
    } catch (err) {
      this.report(err as Error);
      return;
    }
    const previous = this.byKey.get(key);
    if (documents.length === 0) this.byKey.delete(key);
    else this.byKey.set(key, documents);
    const error = this.apply(this.documents);
    if (error) {
      this.report(error);
      if (previous) this.byKey.set(key, previous);
      else this.byKey.delete(key);
    }
  }
}
