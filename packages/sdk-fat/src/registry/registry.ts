import type { Logger, ServiceKey } from '@dubbo-mesh/sdk-core';
import type { Provider } from '../provider/provider.js';

export type Unsubscribe = () => void;

/** Why a registry update is what it is, for logs, metrics and `dubbo-mesh providers`. */
export interface RegistryNotice {
  /** Entries skipped (malformed URL or JSON), each with the reason; counted in metrics. */
  readonly skipped: readonly { entry: string; reason: string }[];
  /** `live` from the server, `cache` from the disk cache while the server is unreachable. */
  readonly source: 'live' | 'cache';
  /**
   * Legacy rule URLs the registry holds for the service, where it has them (ZooKeeper's
   * `configurators` and `routers` dirs, governance.md §3.1): `override://` URLs for the
   * directory, `route://` URLs for the routers. Undefined when the registry has no such category.
   */
  readonly configurators?: readonly Provider[];
  readonly routers?: readonly Provider[];
  /** Which discovery produced the list (`interface`/`application` level, or `file`). */
  readonly discovery?: 'interface' | 'application' | 'file';
}

/**
 * Discovery (ARCHITECTURE.md "Key interfaces"): the provider URLs of a service as the registry
 * holds them, raw (the directory merges consumer parameters and applies configurators). The
 * listener gets the whole list each time, never a delta, so a missed notification cannot leave a
 * stale provider behind.
 */
export interface Registry {
  subscribe(
    key: ServiceKey,
    listener: (providers: readonly Provider[], notice: RegistryNotice) => void,
  ): Unsubscribe;
  /** Registers a URL (a consumer, or a provider served by the sidecar). */
  register?(url: string): Promise<void>;
  unregister?(url: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Dynamic configuration (governance.md §3.1): rule documents by key, such as
 * `org.demo.Greeter::.condition-router` or `greeter-provider.tag-router`. The listener gets the raw
 * YAML, or undefined when the rule is deleted.
 */
export interface ConfigCenter {
  watch(key: string, listener: (content: string | undefined) => void): Unsubscribe;
  close(): Promise<void>;
}

export interface RegistryOptions {
  /** Where the last known providers are kept so a restart with the registry down still works. */
  cacheDir?: string;
  /** This consumer, registered under `consumers` where the registry supports it. */
  application: string;
  /** This consumer's own IP for its `consumer://` registration; default: the first external IPv4. */
  host?: string;
  /** Register a `consumer://` URL per subscribed service (Java does); default true. */
  registerConsumer?: boolean;
  /**
   * How long to wait for the registry before serving from the disk cache; default: the URL's
   * `timeout` parameter, else 5000 ms.
   */
  connectTimeoutMs?: number;
  /**
   * Problems that do not stop the registry: a broken edit of a watched file (ignored, the previous
   * list stays), metadata that cannot be loaded, a failed cache write. Default: ignored.
   */
  onError?: (error: Error) => void;
  /**
   * Where skipped entries (a provider URL or instance JSON that cannot be parsed) are reported, one
   * warn line per entry, secrets redacted. Default: nothing is logged (the diagnostics channel
   * `dubbo-mesh:registry:invalid-entry` still publishes).
   */
  logger?: Logger;
}

/** Makes a registry from its URL (`zookeeper://h:p[,h:p]`, `file:/path/providers.yaml`). */
export type RegistryFactory = (url: string, options: RegistryOptions) => Registry & Partial<ConfigCenter>;
