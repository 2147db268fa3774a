/** One exported service in an application's MetadataInfo (governance.md §2.3, Java `ServiceInfo`). */
export interface ServiceInfo {
  readonly name: string;
  readonly group: string | undefined;
  readonly version: string | undefined;
  readonly protocol: string;
  /** 0 when unknown: the instance's endpoint for the protocol, or its port, is used instead. */
  readonly port: number;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
}

/** What an application exports at one revision. Immutable per revision (the revision is its hash). */
export interface MetadataInfo {
  readonly app: string;
  readonly revision: string | undefined;
  readonly services: readonly ServiceInfo[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * Reads a MetadataInfo from its JSON form (`/dubbo/metadata/<app>/<revision>`) or from a decoded
 * MetadataServiceV2 `MetadataInfoV2`, which share their shape: `{app, revision|version, services:
 * {"[group/]iface[:version]:protocol": {name, group, version, protocol, port, path, params}}}`.
 * A service entry without a usable name or protocol is taken from its key, else left out.
 */
export function parseMetadataInfo(value: unknown): MetadataInfo | string {
  if (!isRecord(value)) return 'metadata is not an object';
  if (value.services !== undefined && value.services !== null && !isRecord(value.services)) {
    return 'metadata "services" is not an object';
  }
  const services: ServiceInfo[] = [];
  for (const [key, entry] of Object.entries(isRecord(value.services) ? value.services : {})) {
    if (!isRecord(entry)) continue;
    const keyProtocol = key.includes(':') ? key.slice(key.lastIndexOf(':') + 1) : undefined;
    const keyName = key.replace(/^[^/]*\//, '').split(':')[0];
    const name = text(entry.name) ?? keyName;
    const protocol = text(entry.protocol) ?? keyProtocol;
    if (!name || !protocol) continue;
    const port = Number(entry.port ?? 0);
    const params: Record<string, string> = Object.create(null);
    if (isRecord(entry.params)) {
      for (const [param, raw] of Object.entries(entry.params)) {
        const written = typeof raw === 'string' ? raw : text(raw);
        if (written !== undefined) params[param] = written;
      }
    }
    services.push({
      name,
      group: text(entry.group),
      version: text(entry.version),
      protocol,
      port: Number.isInteger(port) && port > 0 && port <= 65535 ? port : 0,
      path: text(entry.path) ?? name,
      params,
    });
  }
  return { app: text(value.app) ?? '', revision: text(value.revision), services };
}

/** Parses the JSON text of a metadata node; a reason string when it is not usable. */
export function parseMetadataInfoJson(json: string): MetadataInfo | string {
  try {
    return parseMetadataInfo(JSON.parse(json));
  } catch (error) {
    return `metadata JSON does not parse: ${error instanceof Error ? error.message : String(error)}`;
  }
}
