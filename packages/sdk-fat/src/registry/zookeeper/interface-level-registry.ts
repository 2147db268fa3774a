import { redactUrl, type ServiceKey } from '@dubbo-mesh/sdk-core';
import type { Provider } from '../../provider/provider.js';
import { encodeProviderUrl, parseProviderUrl } from '../../provider/provider-url.js';
import type { Registry, RegistryNotice, Unsubscribe } from '../registry.js';
import { matchesProvider, providerInterface } from '../service-match.js';
import { DecodedChildren } from './decoded-children.js';
import { NodeRegistrations } from './node-registrations.js';
import { type StopWatch, watchChildren } from './path-watch.js';
import type { ZooKeeperConnection } from './zookeeper-connection.js';

export interface InterfaceLevelOptions {
  /** `/dubbo` unless the registry URL names another `group`. */
  readonly root: string;
  readonly emptyProtection?: boolean;
  readonly delayNotificationMs?: number;
  readonly onError?: (error: Error) => void;
}

const CATEGORIES = ['providers', 'configurators', 'routers'] as const;
type Category = (typeof CATEGORIES)[number];

/** `/<root>/<enc(interface)>/<category>/<enc(url)>`, the leaf a URL is registered at (governance.md §1). */
export function registrationPath(root: string, url: string): string {
  const parsed = parseProviderUrl(url);
  if (typeof parsed === 'string') throw new Error(`cannot register ${redactUrl(url)}: ${parsed}`);
  const category = parsed.params.category || 'providers';
  return `${root}/${encodeProviderUrl(providerInterface(parsed))}/${category}/${encodeProviderUrl(url)}`;
}

/**
 * Interface-level discovery on ZooKeeper (governance.md §1): each subscription watches the
 * `providers`, `configurators` and `routers` dirs of its interface and, on any change, re-reads the
 * whole dir and notifies the matching providers with the current rule URLs in the notice. An empty
 * `providers` dir is Java's synthetic `empty://` and clears the list, unless empty protection is on.
 */
export class InterfaceLevelRegistry implements Registry {
  private readonly registrations: NodeRegistrations;

  constructor(
    private readonly connection: ZooKeeperConnection,
    private readonly options: InterfaceLevelOptions,
  ) {
    this.registrations = new NodeRegistrations(connection, options.onError);
  }

  subscribe(
    key: ServiceKey,
    listener: (providers: readonly Provider[], notice: RegistryNotice) => void,
  ): Unsubscribe {
    const base = `${this.options.root}/${encodeProviderUrl(key.serviceName)}`;
    const children: Partial<Record<Category, readonly string[]>> = {};
    const decoders: Record<Category, DecodedChildren> = {
      providers: new DecodedChildren(),
      configurators: new DecodedChildren(),
      routers: new DecodedChildren(),
    };
    let last: readonly Provider[] = [];
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;

    const emit = (): void => {
      timer = undefined;
      if (stopped || CATEGORIES.some((category) => children[category] === undefined)) return;
      const decode = (category: Category): Decoded => {
        const { urls, skipped } = decoders[category].decode(children[category] ?? []);
        return { skipped, urls: urls.filter((url) => url.protocol !== 'empty' && matchesProvider(key, url)) };
      };
      const providers = decode('providers');
      const configurators = decode('configurators');
      const routers = decode('routers');
      let current: readonly Provider[] = providers.urls;
      if (current.length === 0 && last.length > 0 && this.options.emptyProtection) current = last;
      last = current;
      listener(current, {
        source: 'live',
        discovery: 'interface',
        skipped: [...providers.skipped, ...configurators.skipped, ...routers.skipped],
        configurators: configurators.urls,
        routers: routers.urls,
      });
    };

    const delay = this.options.delayNotificationMs ?? 0;
    const stops: StopWatch[] = CATEGORIES.map((category) =>
      watchChildren(
        this.connection,
        `${base}/${category}`,
        (names) => {
          const first = children[category] === undefined;
          children[category] = names ?? [];
          // Java debounces provider changes only; rules, and the first full read, go at once.
          if (category !== 'providers' || delay <= 0 || first) {
            if (timer === undefined) emit();
          } else if (timer === undefined) {
            timer = setTimeout(emit, delay);
            timer.unref?.();
          }
        },
        this.options.onError,
      ),
    );
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const stop of stops) stop();
    };
  }

  /** Writes `url` at its leaf: ephemeral unless `dynamic=false` (governance.md §1). */
  register(url: string): Promise<void> {
    const parsed = parseProviderUrl(url);
    const mode = typeof parsed !== 'string' && parsed.params.dynamic === 'false' ? 'persistent' : 'ephemeral';
    return this.registrations.add(registrationPath(this.options.root, url), mode);
  }

  unregister(url: string): Promise<void> {
    return this.registrations.remove(registrationPath(this.options.root, url));
  }

  async close(): Promise<void> {
    this.registrations.close();
  }
}

interface Decoded {
  readonly urls: Provider[];
  readonly skipped: readonly { entry: string; reason: string }[];
}
