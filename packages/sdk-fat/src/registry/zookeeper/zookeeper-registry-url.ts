import { redactUrl } from '@dubbo-mesh/sdk-core';
import type { MigrationStep } from '../migration-registry.js';

/**
 * A `zookeeper://host:port[,host:port]?k=v` registry URL, with the parameters Java Dubbo reads
 * from it (governance.md §1, §2, §3.1). `backup=h:p,...` adds servers, as in Java.
 */
export interface ZooKeeperRegistryUrl {
  readonly connectString: string;
  readonly params: Readonly<Record<string, string>>;
  /** Interface-level root and metadata-report root: `/<group>`, default `/dubbo`. */
  readonly root: string;
  /** Application-level instances: `rootPath`, else `/<group>`, default `/services`. */
  readonly servicesRoot: string;
  /** Config center: `/<namespace>/config/<config-group>`, default `/dubbo/config/dubbo`. */
  readonly configRoot: string;
  /** How long to wait for ZooKeeper before serving from the disk cache (`timeout`, default 5000). */
  readonly connectTimeoutMs: number;
  /** `session`, default 60000 (Java's default). */
  readonly sessionTimeoutMs: number;
  /** `enable-empty-protection`: keep the last providers instead of clearing on an empty list. */
  readonly emptyProtection: boolean;
  /** `delay-notification` (ms) debounces provider changes; default 0 (see the README). */
  readonly delayNotificationMs: number;
  /** `migration-step`: FORCE_INTERFACE | APPLICATION_FIRST (default) | FORCE_APPLICATION. */
  readonly migrationStep: MigrationStep;
  /** `migration-threshold`: app-level/interface-level size ratio needed to prefer app-level (0). */
  readonly migrationThreshold: number;
}

const STEPS: readonly MigrationStep[] = ['FORCE_INTERFACE', 'APPLICATION_FIRST', 'FORCE_APPLICATION'];

function absolute(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

function number(params: Record<string, string>, key: string, fallback: number): number {
  const value = params[key];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0)
    throw new Error(`registry parameter ${key}=${value} is not a number`);
  return parsed;
}

/** Parses a ZooKeeper registry URL; throws an Error naming what is wrong. */
export function parseZooKeeperRegistryUrl(url: string): ZooKeeperRegistryUrl {
  const match = /^zookeeper:\/\/([^/?#]+)\/?([^?#]*)(?:\?([^#]*))?$/i.exec(url.trim());
  if (!match)
    throw new Error(
      `not a ZooKeeper registry URL: ${redactUrl(url)} (expected zookeeper://host:port[,host:port])`,
    );
  const [, hosts = '', , query = ''] = match;
  const params: Record<string, string> = Object.create(null);
  for (const [key, value] of new URLSearchParams(query)) params[key] = value;
  const servers = [...hosts.split(','), ...(params.backup ? params.backup.split(',') : [])]
    .map((server) => server.trim())
    .filter((server) => server !== '')
    .map((server) => (/:\d+$/.test(server) ? server : `${server}:2181`));
  const group = params.group ? absolute(params.group) : undefined;
  const step = (params['migration-step'] ?? 'APPLICATION_FIRST').toUpperCase();
  if (!STEPS.includes(step as MigrationStep)) {
    throw new Error(
      `registry parameter migration-step=${params['migration-step']}: expected ${STEPS.join(', ')}`,
    );
  }
  return {
    connectString: servers.join(','),
    params,
    root: group ?? '/dubbo',
    servicesRoot: params.rootPath ? absolute(params.rootPath) : (group ?? '/services'),
    configRoot: `/${params.namespace ?? 'dubbo'}/config/${params['config-group'] ?? 'dubbo'}`,
    connectTimeoutMs: number(params, 'timeout', 5_000),
    sessionTimeoutMs: number(params, 'session', 60_000),
    emptyProtection: params['enable-empty-protection'] === 'true',
    delayNotificationMs: number(params, 'delay-notification', 0),
    migrationStep: step as MigrationStep,
    migrationThreshold: number(params, 'migration-threshold', 0),
  };
}
