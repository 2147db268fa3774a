import type { ServiceKey } from '@dubbo-mesh/sdk-core';
import { type Provider, parseProviderUrl, type Registry, type RegistryNotice } from '@dubbo-mesh/sdk-fat';

/** An in-memory registry: provider URLs by interface, answered at once; registrations recorded. */
export class FakeRegistry implements Registry {
  readonly registered: string[] = [];
  private readonly listeners = new Map<
    string,
    Set<(providers: readonly Provider[], notice: RegistryNotice) => void>
  >();

  constructor(private readonly urls: Record<string, readonly string[]>) {}

  subscribe(key: ServiceKey, listener: (providers: readonly Provider[], notice: RegistryNotice) => void) {
    let set = this.listeners.get(key.serviceName);
    if (!set) {
      set = new Set();
      this.listeners.set(key.serviceName, set);
    }
    set.add(listener);
    listener(this.providers(key.serviceName), { skipped: [], source: 'live' });
    return () => set.delete(listener);
  }

  async register(url: string): Promise<void> {
    this.registered.push(url);
  }

  async unregister(url: string): Promise<void> {
    const index = this.registered.indexOf(url);
    if (index >= 0) this.registered.splice(index, 1);
  }

  async close(): Promise<void> {}

  private providers(service: string): Provider[] {
    return (this.urls[service] ?? []).map((url) => {
      const parsed = parseProviderUrl(url);
      if (typeof parsed === 'string') throw new Error(parsed);
      return parsed;
    });
  }
}
