import { parseEndpoint } from '@dubbo-mesh/sdk-core';

/** A provider of the local application that the sidecar registers (`--serve svc=host:port`). */
export interface ServedProvider {
  readonly service: string;
  /** `host:port` where the local application serves it. */
  readonly address: string;
  /** Extra URL parameters (`version`, `group`, labels such as `region`), from `?k=v&...`. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Parses `<service>=<host:port>[?k=v&...]`. Throws an Error saying what is wrong; the caller adds
 * where the value came from (the flag, or the config file and key).
 */
export function parseServedProvider(text: string): ServedProvider {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`"${text}" is not <service>=<host:port>`);
  const service = text.slice(0, eq);
  if (!/^[A-Za-z_$][\w$.-]*$/.test(service)) throw new Error(`"${service}" is not a service name`);
  const rest = text.slice(eq + 1);
  const q = rest.indexOf('?');
  const address = q < 0 ? rest : rest.slice(0, q);
  let endpoint: ReturnType<typeof parseEndpoint>;
  try {
    endpoint = parseEndpoint(address);
  } catch {
    throw new Error(`"${address}" is not host:port`);
  }
  if (endpoint.kind !== 'tcp' || endpoint.tls || address.includes('://')) {
    throw new Error(`"${address}" is not host:port (providers register a TCP address)`);
  }
  const params: Record<string, string> = {};
  if (q >= 0) for (const [key, value] of new URLSearchParams(rest.slice(q + 1))) params[key] = value;
  return { service, address, params };
}

export interface ProviderIdentity {
  /** The provider application (`application` parameter). */
  readonly application: string;
  /** Start time (ms), Java's `timestamp`. */
  readonly timestamp: number;
  readonly pid: number;
}

/**
 * The URL registered for a served provider, in Java's shape (governance.md §1):
 * `tri://host:port/<service>?application=..&dubbo=2.0.2&interface=..&pid=..&side=provider&timestamp=..`
 * plus the served parameters, keys sorted. Ephemeral: it vanishes if the sidecar's session dies.
 */
export function servedProviderUrl(served: ServedProvider, identity: ProviderIdentity): string {
  const params: Record<string, string> = {
    ...served.params,
    anyhost: 'false',
    application: identity.application,
    category: 'providers',
    dubbo: '2.0.2',
    dynamic: 'true',
    interface: served.service,
    pid: String(identity.pid),
    side: 'provider',
    timestamp: String(identity.timestamp),
  };
  const query = Object.keys(params)
    .sort()
    .map((key) => `${key}=${encodeURIComponent(params[key]!)}`)
    .join('&');
  return `tri://${served.address}/${served.service}?${query}`;
}
