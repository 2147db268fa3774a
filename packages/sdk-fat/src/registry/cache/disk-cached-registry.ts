import type { ServiceKey } from '@dubbo-mesh/sdk-core';
import type { Provider } from '../../provider/provider.js';
import type { Registry, RegistryNotice, Unsubscribe } from '../registry.js';
import type { ProviderDiskCache } from './provider-disk-cache.js';

/** Whether the registry server can be reached: resolves false after `timeoutMs` without it. */
export type ReachabilityProbe = (timeoutMs: number) => Promise<boolean>;

/**
 * Wraps a registry with the disk cache (brief item 6): every live notification is saved; a
 * subscription that has heard nothing live when the server turns out unreachable within the
 * connect timeout is served the saved list, marked `source: 'cache'`. Live notifications replace
 * it as soon as the server answers. When the server goes away later nothing is notified, so
 * subscribers keep the last list they had.
 */
export class DiskCachedRegistry implements Registry {
  private closed = false;

  constructor(
    private readonly inner: Registry,
    private readonly cache: ProviderDiskCache,
    private readonly reachable: ReachabilityProbe,
    private readonly connectTimeoutMs: number,
  ) {}

  subscribe(
    key: ServiceKey,
    listener: (providers: readonly Provider[], notice: RegistryNotice) => void,
  ): Unsubscribe {
    let live = false;
    let stopped = false;
    const stopInner = this.inner.subscribe(key, (providers, notice) => {
      if (notice.source === 'live') {
        live = true;
        this.cache.write(key, providers);
      }
      listener(providers, notice);
    });
    void this.reachable(this.connectTimeoutMs).then(async (reached) => {
      if (reached || live || stopped || this.closed) return;
      const saved = await this.cache.read(key);
      if (saved && !live && !stopped && !this.closed) {
        listener(saved.providers, { source: 'cache', skipped: saved.skipped });
      }
    });
    return () => {
      stopped = true;
      stopInner();
    };
  }

  register(url: string): Promise<void> {
    return this.inner.register?.(url) ?? Promise.resolve();
  }

  unregister(url: string): Promise<void> {
    return this.inner.unregister?.(url) ?? Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.inner.close();
    await this.cache.flush();
  }
}
