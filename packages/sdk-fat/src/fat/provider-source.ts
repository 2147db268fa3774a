import { Code, formatServiceKey, RpcError, type ServiceKey } from '@dubbo-mesh/sdk-core';
import type { Provider } from '../provider/provider.js';
import { ProviderSet } from '../provider/provider-set.js';
import type { Registry, RegistryNotice, Unsubscribe } from '../registry/registry.js';

/** Turns the raw list a registry announced into the callable set (the directory's job). */
export type ProviderListTransform = (key: ServiceKey, providers: readonly Provider[]) => ProviderSet;

export interface ProviderSourceOptions {
  /** How long the first call of a service waits for the registry's first answer. Default 3 s. */
  firstListTimeoutMs?: number;
  /** Told about every update (metrics, logs, the endpoint pool). */
  onUpdate?: (key: ServiceKey, providers: ProviderSet, notice: RegistryNotice) => void;
}

interface Subscription {
  current: ProviderSet | undefined;
  waiters: Array<(set: ProviderSet) => void>;
  unsubscribe: Unsubscribe;
}

/**
 * The current providers per service, kept warm: a service is subscribed on first use and stays
 * subscribed, so later calls read the list without waiting (ARCHITECTURE.md: the Fat engine is kept
 * warm). A ProviderSet object changes only when the registry's answer changed.
 */
export class ProviderSource {
  private readonly subscriptions = new Map<string, Subscription>();

  constructor(
    private readonly registry: Registry,
    private readonly transform: ProviderListTransform,
    private readonly options: ProviderSourceOptions = {},
  ) {}

  /** The list now, or undefined if the registry has not answered yet. Never waits. */
  peek(key: ServiceKey): ProviderSet | undefined {
    return this.subscribe(key).current;
  }

  /** The list, waiting for the registry's first answer if needed (UNAVAILABLE after the timeout). */
  providers(key: ServiceKey): ProviderSet | Promise<ProviderSet> {
    const subscription = this.subscribe(key);
    if (subscription.current) return subscription.current;
    const timeoutMs = this.options.firstListTimeoutMs ?? 3000;
    return new Promise<ProviderSet>((resolve, reject) => {
      const timer = setTimeout(() => {
        subscription.waiters = subscription.waiters.filter((w) => w !== waiter);
        reject(
          new RpcError(
            Code.Unavailable,
            `no provider list for ${formatServiceKey(key)} from the registry within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const waiter = (set: ProviderSet): void => {
        clearTimeout(timer);
        resolve(set);
      };
      subscription.waiters.push(waiter);
    });
  }

  /** Subscribes ahead of the first call (a warm Fat engine), without waiting. */
  warm(key: ServiceKey): void {
    this.subscribe(key);
  }

  close(): void {
    for (const subscription of this.subscriptions.values()) subscription.unsubscribe();
    this.subscriptions.clear();
  }

  private subscribe(key: ServiceKey): Subscription {
    const id = formatServiceKey(key);
    let subscription = this.subscriptions.get(id);
    if (subscription) return subscription;
    const created: Subscription = { current: undefined, waiters: [], unsubscribe: () => {} };
    this.subscriptions.set(id, created);
    subscription = created;
    created.unsubscribe = this.registry.subscribe(key, (providers, notice) => {
      const next = this.transform(key, providers);
      if (next === created.current) return;
      created.current = next;
      this.options.onUpdate?.(key, next, notice);
      const waiters = created.waiters;
      created.waiters = [];
      for (const waiter of waiters) waiter(next);
    });
    return subscription;
  }
}

export { ProviderSet };
