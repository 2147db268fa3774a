import type { ServiceKey } from '@dubbo-mesh/sdk-core';
import type { Provider } from '../../provider/provider.js';
import { buildInstanceProviders, groupByRevision } from '../application/instance-urls.js';
import type { MetadataInfo } from '../application/metadata-info.js';
import type { MetadataLoader } from '../application/metadata-loader.js';
import type { ServiceInstance } from '../application/service-instance.js';
import type { Registry, RegistryNotice, Unsubscribe } from '../registry.js';
import { AppInstancesWatch } from './app-instances-watch.js';
import type { SkippedEntry } from './decoded-children.js';
import { type StopWatch, watchData } from './path-watch.js';
import type { ZooKeeperConnection } from './zookeeper-connection.js';

export interface ApplicationLevelOptions {
  /** Metadata-report root holding `mapping/` and `metadata/`: `/dubbo` by default. */
  readonly root: string;
  /** Instance root: `/services` by default. */
  readonly servicesRoot: string;
  readonly loader: MetadataLoader;
  /** Delay before retrying revisions whose metadata failed to load; default 10000 (Java's). */
  readonly retryDelayMs?: number;
  readonly onError?: (error: Error) => void;
}

/** The comma list of applications in a mapping node, trimmed and deduplicated (governance.md §2.2). */
export function parseMapping(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((app) => app.trim())
        .filter((app) => app !== ''),
    ),
  ];
}

/**
 * Application-level discovery on ZooKeeper (governance.md §2): the mapping node names the
 * applications serving an interface; their instances are watched; each revision's MetadataInfo is
 * loaded once; provider URLs are built per instance. When some revisions fail to load the others
 * are notified and the failures are retried later; when every revision fails the previous list
 * stays (Java ServiceInstancesChangedListener).
 */
export class ApplicationLevelRegistry implements Registry {
  constructor(
    private readonly connection: ZooKeeperConnection,
    private readonly options: ApplicationLevelOptions,
  ) {}

  subscribe(
    key: ServiceKey,
    listener: (providers: readonly Provider[], notice: RegistryNotice) => void,
  ): Unsubscribe {
    const { connection, options } = this;
    const apps = new Map<string, AppInstancesWatch>();
    let mapped = false;
    let stopped = false;
    let scheduled = false;
    let sequence = 0;
    let retry: NodeJS.Timeout | undefined;
    let previous = new Map<string, Provider>();

    const schedule = (): void => {
      if (scheduled || stopped) return;
      scheduled = true;
      queueMicrotask(() => {
        scheduled = false;
        void recompute();
      });
    };

    const recompute = async (): Promise<void> => {
      if (stopped || !mapped || [...apps.values()].some((watch) => !watch.ready)) return;
      const current = ++sequence;
      const skipped: SkippedEntry[] = [];
      const instances: ServiceInstance[] = [];
      for (const watch of apps.values()) {
        const snapshot = watch.instances();
        instances.push(...snapshot.instances);
        skipped.push(...snapshot.skipped);
      }
      const metadata = new Map<string, MetadataInfo>();
      const failures: string[] = [];
      const revisions = [...groupByRevision(instances)];
      await Promise.all(
        revisions.map(async ([revision, group]) => {
          const app = group[0]!.app;
          try {
            metadata.set(revision, await options.loader.load(app, revision, group));
          } catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            failures.push(reason);
            skipped.push({ entry: `${app}@${revision}`, reason });
          }
        }),
      );
      if (stopped || current !== sequence) return;
      if (failures.length > 0) {
        options.onError?.(new Error(failures.join('; ')));
        if (retry === undefined) {
          retry = setTimeout(() => {
            retry = undefined;
            schedule();
          }, options.retryDelayMs ?? 10_000);
          retry.unref?.();
        }
        if (failures.length === revisions.length) return;
      }
      const next = new Map<string, Provider>();
      const providers = buildInstanceProviders(key, instances, metadata).map((provider) => {
        const kept = previous.get(provider.url) ?? provider;
        next.set(kept.url, kept);
        return kept;
      });
      previous = next;
      listener(providers, { source: 'live', discovery: 'application', skipped });
    };

    const stopMapping: StopWatch = watchData(
      connection,
      `${options.root}/mapping/${key.serviceName}`,
      (data) => {
        const names = data === undefined ? [] : parseMapping(data.toString('utf8'));
        for (const [app, watch] of apps) {
          if (names.includes(app)) continue;
          watch.stop();
          apps.delete(app);
        }
        for (const app of names) {
          if (apps.has(app)) continue;
          apps.set(
            app,
            new AppInstancesWatch(
              connection,
              `${options.servicesRoot}/${app}`,
              app,
              schedule,
              options.onError,
            ),
          );
        }
        mapped = true;
        schedule();
      },
      options.onError,
    );

    return () => {
      stopped = true;
      if (retry !== undefined) clearTimeout(retry);
      stopMapping();
      for (const watch of apps.values()) watch.stop();
      apps.clear();
    };
  }

  async close(): Promise<void> {}
}

/** Reads `/<root>/metadata/<app>/<revision>` (governance.md §2.3, remote storage). */
export async function readRemoteMetadata(
  connection: ZooKeeperConnection,
  root: string,
  app: string,
  revision: string,
): Promise<string | undefined> {
  const data = await connection.getData(`${root}/metadata/${app}/${revision}`);
  return data?.toString('utf8');
}
