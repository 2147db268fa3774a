import type { ServiceKey } from '@dubbo-mesh/sdk-core';
import type { Provider } from '../../provider/provider.js';
import { makeProvider } from '../../provider/provider-url.js';
import { matchesServiceInfo } from '../service-match.js';
import type { MetadataInfo, ServiceInfo } from './metadata-info.js';
import type { ServiceInstance } from './service-instance.js';

/**
 * Instance metadata that only steers discovery itself; it is left out of provider URLs, which
 * otherwise fall back to instance metadata for any parameter (governance.md §2.3).
 */
const DISCOVERY_KEYS = new Set([
  'dubbo.endpoints',
  'dubbo.metadata-service.url-params',
  'dubbo.metadata.revision',
  'dubbo.metadata.storage-type',
  'meta-v',
]);

/** Instances by revision, leaving out those without one (absent or `"0"`, governance.md §2.1). */
export function groupByRevision(instances: readonly ServiceInstance[]): Map<string, ServiceInstance[]> {
  const groups = new Map<string, ServiceInstance[]>();
  for (const instance of instances) {
    if (instance.revision === undefined) continue;
    const group = groups.get(instance.revision);
    if (group) group.push(instance);
    else groups.set(instance.revision, [instance]);
  }
  return groups;
}

/**
 * The port a service listens on at an instance (governance.md §2.3): the ServiceInfo's own port,
 * else the instance's `dubbo.endpoints` port for that protocol, else the instance port.
 */
export function servicePort(service: ServiceInfo, instance: ServiceInstance): number {
  if (service.port > 0) return service.port;
  const endpoint = instance.endpoints.find((candidate) => candidate.protocol === service.protocol);
  return endpoint?.port ?? instance.port;
}

/**
 * The provider URL of one service at one instance. Parameters: the ServiceInfo's over the
 * instance metadata (so a warm-up `timestamp` comes from the instance), plus the service identity;
 * the directory later lays consumer parameters over them (governance.md §2.3 last bullet, §7).
 */
export function instanceProvider(service: ServiceInfo, instance: ServiceInstance, app: string): Provider {
  const params: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(instance.metadata)) {
    if (!DISCOVERY_KEYS.has(key)) params[key] = value;
  }
  Object.assign(params, service.params);
  params.interface ??= service.name;
  if (service.group !== undefined) params.group ??= service.group;
  if (service.version !== undefined) params.version ??= service.version;
  params.application ??= app || instance.app;
  return makeProvider(service.protocol, instance.host, servicePort(service, instance), service.path, params);
}

/**
 * Provider URLs for `key` from application-level discovery: for each revision whose MetadataInfo
 * is known, each matching ServiceInfo at each instance of that revision
 * (Java ServiceInstancesChangedListener).
 */
export function buildInstanceProviders(
  key: ServiceKey,
  instances: readonly ServiceInstance[],
  metadata: ReadonlyMap<string, MetadataInfo>,
): Provider[] {
  const providers: Provider[] = [];
  for (const [revision, group] of groupByRevision(instances)) {
    const info = metadata.get(revision);
    if (!info) continue;
    for (const service of info.services) {
      if (!matchesServiceInfo(key, service)) continue;
      for (const instance of group) providers.push(instanceProvider(service, instance, info.app));
    }
  }
  return providers;
}
