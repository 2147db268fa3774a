import type { ServiceKey } from '@dubbo-mesh/sdk-core';
import type { Provider } from '../../provider/provider.js';
import { MetadataLoader, type MetadataSources } from '../application/metadata-loader.js';
import { fetchMetadataInfoV2 } from '../application/metadata-service-v2.js';
import { DiskCachedRegistry } from '../cache/disk-cached-registry.js';
import { ProviderDiskCache } from '../cache/provider-disk-cache.js';
import { consumerUrl, localIpv4 } from '../consumer-url.js';
import { MigrationRegistry } from '../migration-registry.js';
import type { ConfigCenter, Registry, RegistryNotice, RegistryOptions, Unsubscribe } from '../registry.js';
import { ApplicationLevelRegistry, readRemoteMetadata } from './application-level-registry.js';
import { InterfaceLevelRegistry } from './interface-level-registry.js';
import { ZooKeeperConfigCenter } from './zookeeper-config-center.js';
import { ZooKeeperConnection } from './zookeeper-connection.js';
import { parseZooKeeperRegistryUrl, type ZooKeeperRegistryUrl } from './zookeeper-registry-url.js';

export interface ZooKeeperRegistryOptions extends RegistryOptions {
  /** Replaces how metadata is fetched (tests). */
  readonly metadataSources?: Partial<MetadataSources>;
  /** Retry delay for metadata that failed to load; default 10000 ms. */
  readonly metadataRetryMs?: number;
}

/**
 * The `zookeeper://` registry: interface-level and application-level discovery composed
 * "application first, interface fallback", the disk cache, consumer registration, provider
 * registration, and the config center, over one ZooKeeper session (governance.md §1–§3.1).
 */
export class ZooKeeperRegistry implements Registry, ConfigCenter {
  readonly url: ZooKeeperRegistryUrl;
  readonly connection: ZooKeeperConnection;
  readonly interfaceLevel: InterfaceLevelRegistry;
  readonly configCenter: ZooKeeperConfigCenter;
  readonly cache: ProviderDiskCache | undefined;
  private readonly discovery: Registry;
  private readonly consumers = new Map<string, number>();
  private readonly startedAt = Date.now();
  private readonly host: string;

  constructor(
    url: string,
    private readonly options: ZooKeeperRegistryOptions,
  ) {
    this.url = parseZooKeeperRegistryUrl(url);
    const { onError } = options;
    this.host = options.host ?? localIpv4();
    this.connection = new ZooKeeperConnection({
      connectString: this.url.connectString,
      sessionTimeoutMs: this.url.sessionTimeoutMs,
      onError,
    });
    const connection = this.connection;
    this.interfaceLevel = new InterfaceLevelRegistry(connection, {
      root: this.url.root,
      emptyProtection: this.url.emptyProtection,
      delayNotificationMs: this.url.delayNotificationMs,
      onError,
    });
    const sources: MetadataSources = {
      readRemote: (app, revision) => readRemoteMetadata(connection, this.url.root, app, revision),
      callV2: (endpoint, app, revision) =>
        fetchMetadataInfoV2(endpoint, app, revision, { application: options.application }),
      ...options.metadataSources,
    };
    const applicationLevel = new ApplicationLevelRegistry(connection, {
      root: this.url.root,
      servicesRoot: this.url.servicesRoot,
      loader: new MetadataLoader(sources),
      retryDelayMs: options.metadataRetryMs,
      onError,
    });
    const migration = new MigrationRegistry(applicationLevel, this.interfaceLevel, {
      step: this.url.migrationStep,
      threshold: this.url.migrationThreshold,
    });
    this.cache = options.cacheDir
      ? new ProviderDiskCache(options.cacheDir, options.application, { onError })
      : undefined;
    const connectTimeoutMs = options.connectTimeoutMs ?? this.url.connectTimeoutMs;
    this.discovery = this.cache
      ? new DiskCachedRegistry(
          migration,
          this.cache,
          (timeout) => connection.waitConnected(timeout),
          connectTimeoutMs,
        )
      : migration;
    this.configCenter = new ZooKeeperConfigCenter(connection, this.url.configRoot, onError);
  }

  /**
   * Subscribes to the providers of `key`, and registers this consumer under the interface's
   * `consumers` dir for as long as a subscription to it lasts (unless `registerConsumer: false`).
   */
  subscribe(
    key: ServiceKey,
    listener: (providers: readonly Provider[], notice: RegistryNotice) => void,
  ): Unsubscribe {
    const stop = this.discovery.subscribe(key, listener);
    const consumer = this.options.registerConsumer === false ? undefined : this.registerConsumer(key);
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      stop();
      if (consumer !== undefined) this.releaseConsumer(consumer);
    };
  }

  /** Registers a URL (ephemeral unless `dynamic=false`); resolves once written. */
  register(url: string): Promise<void> {
    return this.interfaceLevel.register(url);
  }

  unregister(url: string): Promise<void> {
    return this.interfaceLevel.unregister(url);
  }

  watch(key: string, listener: (content: string | undefined) => void): Unsubscribe {
    return this.configCenter.watch(key, listener);
  }

  /** Closes the session (ephemeral registrations vanish with it) and waits for cache writes. */
  async close(): Promise<void> {
    await this.discovery.close();
    await this.interfaceLevel.close();
    await this.connection.close();
    await this.cache?.flush();
  }

  private registerConsumer(key: ServiceKey): string {
    const url = consumerUrl(key, {
      application: this.options.application,
      host: this.host,
      timestamp: this.startedAt,
    });
    const count = this.consumers.get(url) ?? 0;
    this.consumers.set(url, count + 1);
    if (count === 0) {
      this.interfaceLevel.register(url).catch((error: unknown) => {
        this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
      });
    }
    return url;
  }

  private releaseConsumer(url: string): void {
    const count = (this.consumers.get(url) ?? 1) - 1;
    if (count > 0) {
      this.consumers.set(url, count);
      return;
    }
    this.consumers.delete(url);
    this.interfaceLevel.unregister(url).catch((error: unknown) => {
      this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
    });
  }
}

/** The `zookeeper` RegistryFactory. */
export function createZooKeeperRegistry(url: string, options: RegistryOptions): ZooKeeperRegistry {
  return new ZooKeeperRegistry(url, options);
}
