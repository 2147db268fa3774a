import { Code, formatServiceKey, RpcError, type ServiceKey } from '@dubbo-mesh/sdk-core';
import { Directory, type ListedProvider } from '../directory/directory.js';
import type { ConsumerInfo } from '../invocation.js';
import type { ProviderSet } from '../provider/provider-set.js';
import type { Registry, Unsubscribe } from '../registry/registry.js';
import type { RuleDocument } from '../rules/rule-document.js';

export interface ProviderSourceOptions {
  consumer: ConsumerInfo;
  /** Reference settings merged over provider parameters (`timeout`, `retries`, `loadbalance`...). */
  referenceParams?: Readonly<Record<string, string>>;
  /** How long the first call of a service waits for the registry's first answer. Default 3 s. */
  firstListTimeoutMs?: number;
  /** Told about every change of a service's callable providers (endpoint pool, outlier detection). */
  onChange?: (key: ServiceKey, providers: ProviderSet) => void;
}

interface ServiceEntry {
  readonly directory: Directory;
  answered: boolean;
  waiters: Array<(set: ProviderSet) => void>;
  unsubscribe: Unsubscribe;
}

/**
 * The callable providers per service, kept warm: a service is subscribed on first use (or by
 * `warm`) and stays subscribed, so later calls read its list without waiting (ARCHITECTURE.md: the
 * Fat engine is kept warm). Each service has its Directory (merge, configurators, protocol filter).
 */
export class ProviderSource {
  private readonly services = new Map<string, ServiceEntry>();
  private configurators: readonly RuleDocument[] = [];

  constructor(
    private readonly registry: Registry,
    private readonly options: ProviderSourceOptions,
  ) {}

  /** The list now, or undefined if the registry has not answered yet. Never waits. */
  peek(key: ServiceKey): ProviderSet | undefined {
    const entry = this.entry(key);
    return entry.answered ? entry.directory.providers : undefined;
  }

  /** The list, waiting for the registry's first answer if needed (UNAVAILABLE after the timeout). */
  providers(key: ServiceKey): ProviderSet | Promise<ProviderSet> {
    const entry = this.entry(key);
    if (entry.answered) return entry.directory.providers;
    const timeoutMs = this.options.firstListTimeoutMs ?? 3000;
    return new Promise<ProviderSet>((resolve, reject) => {
      const waiter = (set: ProviderSet): void => {
        clearTimeout(timer);
        resolve(set);
      };
      const timer = setTimeout(() => {
        entry.waiters = entry.waiters.filter((w) => w !== waiter);
        const service = formatServiceKey(key);
        reject(
          new RpcError(
            Code.Unavailable,
            `no provider list for ${service} from the registry within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      entry.waiters.push(waiter);
    });
  }

  /** Every provider the directory knows for a service, with why it is not called (`dubbo-mesh providers`). */
  async listed(key: ServiceKey): Promise<readonly ListedProvider[]> {
    await this.providers(key);
    return this.entry(key).directory.listed;
  }

  /** Subscribes ahead of the first call (a warm Fat engine), without waiting. */
  warm(key: ServiceKey): void {
    this.entry(key);
  }

  /** Replaces the configurator rules of every service; a bad document throws and changes nothing. */
  setConfigurators(documents: readonly RuleDocument[]): void {
    const staged = new Directory({ service: { serviceName: '' }, consumer: this.options.consumer });
    staged.setConfiguratorRules(documents); // validates before any live directory changes
    this.configurators = documents;
    for (const entry of this.services.values()) entry.directory.setConfiguratorRules(documents);
  }

  close(): void {
    for (const entry of this.services.values()) entry.unsubscribe();
    this.services.clear();
  }

  private entry(key: ServiceKey): ServiceEntry {
    const id = formatServiceKey(key);
    const existing = this.services.get(id);
    if (existing) return existing;
    const directory = new Directory({
      service: key,
      consumer: this.options.consumer,
      ...(this.options.referenceParams ? { referenceParams: this.options.referenceParams } : {}),
    });
    if (this.configurators.length > 0) directory.setConfiguratorRules(this.configurators);
    directory.onChange((set) => this.options.onChange?.(key, set));
    const entry: ServiceEntry = {
      directory,
      answered: false,
      waiters: [],
      unsubscribe: () => {},
    };
    this.services.set(id, entry);
    entry.unsubscribe = this.registry.subscribe(key, (providers, notice) => {
      const set = directory.update(providers, notice);
      entry.answered = true;
      const waiters = entry.waiters;
      entry.waiters = [];
      for (const waiter of waiters) waiter(set);
    });
    return entry;
  }
}
