/** One provider instance of an application (governance.md §2.1), from its Curator JSON node. */
export interface ServiceInstance {
  /** The application (`name`). */
  readonly app: string;
  /** `host:port`, the node name. */
  readonly id: string;
  readonly host: string;
  readonly port: number;
  /** `payload.metadata`, every value a string. */
  readonly metadata: Readonly<Record<string, string>>;
  /** `dubbo.metadata.revision`; undefined when absent or `"0"` (nothing exported). */
  readonly revision: string | undefined;
  /** `dubbo.metadata.storage-type`, default `local` (ask the instance). */
  readonly storageType: 'local' | 'remote';
  /** `dubbo.endpoints`: the port of each protocol the instance serves. */
  readonly endpoints: readonly { readonly protocol: string; readonly port: number }[];
  /** `dubbo.metadata-service.url-params`: protocol and port of its MetadataService, if given. */
  readonly metadataServiceParams: Readonly<Record<string, string>> | undefined;
  /** `meta-v`: `2.0.0` offers MetadataServiceV2 over Triple. */
  readonly metadataVersion: string | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function asPort(value: unknown): number | undefined {
  const port = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 65535 ? port : undefined;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Parses an instance node leniently: Java writes the full Curator shape, dubbo-go omits
 * `sslPort`/`serviceType`/`uriSpec` and may add fields, so only an address and a port are
 * required, and those fall back to the node name `host:port`. Returns a reason instead of
 * throwing, so one broken node is skipped and the rest are used.
 */
export function parseServiceInstance(text: string, app: string, nodeName: string): ServiceInstance | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `instance JSON does not parse: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (!isRecord(json)) return 'instance JSON is not an object';
  const separator = nodeName.lastIndexOf(':');
  const host = asString(json.address) || (separator > 0 ? nodeName.slice(0, separator) : undefined);
  const port = asPort(json.port) ?? (separator > 0 ? asPort(nodeName.slice(separator + 1)) : undefined);
  if (!host) return 'instance has no address';
  if (port === undefined) return 'instance has no valid port';
  const payload = isRecord(json.payload) ? json.payload : {};
  const metadata: Record<string, string> = Object.create(null);
  if (isRecord(payload.metadata)) {
    for (const [key, value] of Object.entries(payload.metadata)) {
      const written =
        asString(value) ?? (value === null || value === undefined ? undefined : JSON.stringify(value));
      if (written !== undefined) metadata[key] = written;
    }
  }
  const revision = metadata['dubbo.metadata.revision'];
  const endpointsJson = parseJson(metadata['dubbo.endpoints']);
  const endpoints = Array.isArray(endpointsJson)
    ? endpointsJson.flatMap((entry) => {
        const protocol = isRecord(entry) ? asString(entry.protocol) : undefined;
        const endpointPort = isRecord(entry) ? asPort(entry.port) : undefined;
        return protocol && endpointPort !== undefined ? [{ protocol, port: endpointPort }] : [];
      })
    : [];
  const urlParams = parseJson(metadata['dubbo.metadata-service.url-params']);
  return {
    app: asString(json.name) || app,
    id: asString(json.id) || nodeName,
    host,
    port,
    metadata,
    revision: revision && revision !== '0' ? revision : undefined,
    storageType: metadata['dubbo.metadata.storage-type'] === 'remote' ? 'remote' : 'local',
    endpoints,
    metadataServiceParams: isRecord(urlParams)
      ? Object.fromEntries(
          Object.entries(urlParams).flatMap(([key, value]) => {
            const written = asString(value);
            return written === undefined ? [] : [[key, written]];
          }),
        )
      : undefined,
    metadataVersion: metadata['meta-v'],
  };
}
