import { networkInterfaces } from 'node:os';
import type { ServiceKey } from '@dubbo-mesh/sdk-core';

/** The first non-internal IPv4 address (Java NetUtils.getLocalHost picks the same kind), else loopback. */
export function localIpv4(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address;
    }
  }
  return '127.0.0.1';
}

export interface ConsumerIdentity {
  readonly application: string;
  readonly host: string;
  /** Start time of the consumer (ms), Java's `timestamp`. */
  readonly timestamp: number;
  readonly pid?: number;
}

/**
 * The URL a consumer registers under `/<root>/<iface>/consumers` (governance.md §1), in Java's
 * shape: `consumer://<ip>/<iface>?application=..&category=consumers&check=false&dubbo=2.0.2&
 * interface=..&pid=..&side=consumer&timestamp=..` plus `group`/`version` when set, keys sorted as
 * Java's `URL.toFullString` writes them.
 */
export function consumerUrl(key: ServiceKey, identity: ConsumerIdentity): string {
  const params: Record<string, string> = {
    application: identity.application,
    category: 'consumers',
    check: 'false',
    dubbo: '2.0.2',
    interface: key.serviceName,
    pid: String(identity.pid ?? process.pid),
    side: 'consumer',
    timestamp: String(identity.timestamp),
  };
  if (key.group) params.group = key.group;
  if (key.version) params.version = key.version;
  const query = Object.keys(params)
    .sort()
    .map((name) => `${name}=${encodeURIComponent(params[name]!)}`)
    .join('&');
  return `consumer://${identity.host}/${key.serviceName}?${query}`;
}
