import { redactUrl, silentLogger } from '@dubbo-mesh/sdk-core';
import { PluginRegistry } from '../plugin/plugin-registry.js';
import { createFileRegistry } from './file/file-registry.js';
import { reportInvalidEntries } from './invalid-entry-report.js';
import type { ConfigCenter, Registry, RegistryFactory, RegistryOptions } from './registry.js';
import { createZooKeeperRegistry } from './zookeeper/zookeeper-registry.js';

/**
 * Registry factories by URL scheme (ARCHITECTURE.md: plug-ins found by name): `zookeeper` and
 * `file` are built in; adding Nacos registers one more factory and touches nothing else.
 */
export const registries = new PluginRegistry<RegistryFactory>('registry');
registries.register('zookeeper', createZooKeeperRegistry);
registries.register('file', createFileRegistry);

/**
 * Makes the registry a URL names: `zookeeper://h:p[,h:p]?...` or `file:/path/providers.yaml`.
 * Entries it skips are reported through `options.logger` and `dubbo-mesh:registry:invalid-entry`.
 */
export function createRegistry(url: string, options: RegistryOptions): Registry & Partial<ConfigCenter> {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1];
  if (scheme === undefined) throw new Error(`registry URL without a scheme: ${redactUrl(url)}`);
  // Skipped entries (malformed URLs, JSON) of every registry kind are logged and published alike.
  return reportInvalidEntries(registries.get(scheme)(url, options), url, options.logger ?? silentLogger);
}
