import type { ServiceKey } from '@dubbo-mesh/sdk-core';
import type { Provider } from '../provider/provider.js';

/** The interface a URL serves: its `interface` parameter, else its path (Java URL.getServiceInterface). */
export function providerInterface(provider: Pick<Provider, 'path' | 'params'>): string {
  return provider.params.interface || provider.path;
}

/** Absent and empty are the same thing in Java's StringUtils checks. */
function normal(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function inList(list: string, value: string | undefined): boolean {
  return value !== undefined && list.split(',').some((item) => item.trim() === value);
}

/**
 * Whether an interface-level provider URL serves what the consumer asks for (Java
 * `UrlUtils.isMatch`, governance.md §1 "Matching"): interface equal or `*`; provider not
 * `enabled=false`; consumer group `*`, equal, or a comma list holding the provider's; consumer
 * version `*` or equal (absent matches absent only).
 */
export function matchesProvider(key: ServiceKey, provider: Pick<Provider, 'path' | 'params'>): boolean {
  const providerIface = providerInterface(provider);
  if (key.serviceName !== '*' && providerIface !== '*' && key.serviceName !== providerIface) return false;
  if (provider.params.enabled === 'false') return false;
  const group = normal(key.group);
  const providerGroup = normal(provider.params.group);
  if (group !== '*' && group !== providerGroup && !(group !== undefined && inList(group, providerGroup))) {
    return false;
  }
  const version = normal(key.version);
  return version === '*' || version === normal(provider.params.version);
}

/**
 * Whether an application-level ServiceInfo serves the consumer's key (Java `ServiceKey.Matcher`,
 * governance.md §2.3): interface exact; version and group each `*`, equal, or a comma list holding
 * the provider's, an absent consumer value matching only an absent provider value.
 */
export function matchesServiceInfo(
  key: ServiceKey,
  info: { readonly name: string; readonly group?: string | undefined; readonly version?: string | undefined },
): boolean {
  if (key.serviceName !== info.name) return false;
  return (
    matchesPart(normal(key.version), normal(info.version)) &&
    matchesPart(normal(key.group), normal(info.group))
  );
}

function matchesPart(rule: string | undefined, target: string | undefined): boolean {
  if (rule === '*') return true;
  if (rule === undefined) return target === undefined;
  return rule.includes(',') ? inList(rule, target) : rule === target;
}
