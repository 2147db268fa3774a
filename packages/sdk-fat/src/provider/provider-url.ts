import type { Provider } from './provider.js';

/**
 * Parses a Dubbo URL, `protocol://host:port/path?k=v&...` (governance.md §1). ZooKeeper leaves hold
 * it URL-encoded once: pass `encoded: true` to decode the node name first. Returns an error string
 * instead of throwing, so a registry can skip a garbage entry with a reason and keep the rest.
 */
export function parseProviderUrl(text: string, options: { encoded?: boolean } = {}): Provider | string {
  let url = text.trim();
  if (options.encoded) {
    try {
      // Java's URLEncoder writes a space as `+`; a literal `+` arrives as %2B.
      url = decodeURIComponent(url.replace(/\+/g, ' '));
    } catch {
      return 'not valid percent-encoding';
    }
  }
  const match =
    /^([a-z][a-z0-9+.-]*):\/\/(\[[0-9a-fA-F:.]+\]|[^/:?#\s]*)(?::(\d{1,5}))?(\/[^?#\s]*)?(?:\?([^#\s]*))?$/.exec(
      url,
    );
  if (!match) return 'not a URL of the form protocol://host:port/path?params';
  const [, protocol, rawHost = '', rawPort, rawPath = '/', query = ''] = match;
  const port = rawPort === undefined ? 0 : Number(rawPort);
  if (port > 65535) return `port ${port} out of range`;
  const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
  const params: Record<string, string> = Object.create(null);
  if (query !== '') {
    for (const pair of query.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      try {
        params[decodeURIComponent(key)] = decodeURIComponent(value.replace(/\+/g, ' '));
      } catch {
        return `parameter ${JSON.stringify(key)} is not valid percent-encoding`;
      }
    }
  }
  return makeProvider(protocol!, host, port, rawPath.replace(/^\//, ''), params, url);
}

export function makeProvider(
  protocol: string,
  host: string,
  port: number,
  path: string,
  params: Readonly<Record<string, string>>,
  url?: string,
): Provider {
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return Object.freeze({
    protocol,
    host,
    port,
    address,
    path,
    params: Object.freeze({ ...params }),
    url: url ?? formatProviderUrl({ protocol, address, path, params }),
  });
}

/** The decoded URL form (`tri://host:port/path?k=v`, keys sorted), as `dubbo-mesh providers` prints. */
export function formatProviderUrl(
  provider: Pick<Provider, 'protocol' | 'address' | 'path' | 'params'>,
): string {
  const query = Object.keys(provider.params)
    .sort()
    .map((key) => `${key}=${provider.params[key]}`)
    .join('&');
  return `${provider.protocol}://${provider.address}/${provider.path}${query ? `?${query}` : ''}`;
}

/**
 * Encodes a URL the way Java writes ZooKeeper leaf names (one `URLEncoder.encode` of the whole URL):
 * unlike encodeURIComponent it keeps `*`, escapes `!'()~` and writes a space as `+`.
 */
export function encodeProviderUrl(url: string): string {
  return encodeURIComponent(url)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2A/g, '*')
    .replace(/%20/g, '+');
}
