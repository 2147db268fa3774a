import { type MetadataInfo, parseMetadataInfo, parseMetadataInfoJson } from './metadata-info.js';
import type { ServiceInstance } from './service-instance.js';

/** Where MetadataInfo can come from (governance.md §2.3). */
export interface MetadataSources {
  /** The metadata report's `/<root>/metadata/<app>/<revision>` node text; undefined when absent. */
  readRemote(app: string, revision: string): Promise<string | undefined>;
  /** `MetadataServiceV2.GetMetadataInfo` on `endpoint` (`host:port`), the decoded message. */
  callV2(endpoint: string, app: string, revision: string): Promise<unknown>;
}

/**
 * The Triple endpoint of an instance's MetadataServiceV2: the MetadataService URL params when they
 * say `tri`, else the instance's `tri` endpoint (Java serves every Triple service on one port),
 * else the instance port when no URL params are published (Java's default URL builder).
 */
export function metadataServiceEndpoint(instance: ServiceInstance): string | undefined {
  const params = instance.metadataServiceParams;
  const host = instance.host.includes(':') ? `[${instance.host}]` : instance.host;
  if (params?.protocol === 'tri' && params.port) return `${host}:${params.port}`;
  const tri = instance.endpoints.find((endpoint) => endpoint.protocol === 'tri');
  if (tri) return `${host}:${tri.port}`;
  return params === undefined ? `${host}:${instance.port}` : undefined;
}

/**
 * Loads and caches one MetadataInfo per application revision (a revision is a hash of the content,
 * so a loaded one never changes). Order, after Java MetadataUtils.getRemoteMetadata: `remote`
 * storage reads the metadata report; `local` storage asks an instance over MetadataServiceV2 when
 * it offers `meta-v=2.0.0`, trying the instances in turn; v1 (hessian over the dubbo protocol) is
 * not spoken here (governance.md §10.7), so local storage falls back to the metadata report, which
 * Java providers also fill when `report-metadata` is on.
 */
export class MetadataLoader {
  private readonly loaded = new Map<string, MetadataInfo>();

  constructor(private readonly sources: MetadataSources) {}

  /** The cached MetadataInfo of a revision, if loaded. */
  cached(app: string, revision: string): MetadataInfo | undefined {
    return this.loaded.get(`${app}/${revision}`);
  }

  /** Loads the revision shared by `instances`; rejects with an Error listing what was tried. */
  async load(app: string, revision: string, instances: readonly ServiceInstance[]): Promise<MetadataInfo> {
    const cached = this.cached(app, revision);
    if (cached) return cached;
    const problems: string[] = [];
    const info = await this.fetch(app, revision, instances, problems);
    if (!info) throw new Error(`cannot load metadata of ${app} revision ${revision}: ${problems.join('; ')}`);
    this.loaded.set(`${app}/${revision}`, info);
    return info;
  }

  private async fetch(
    app: string,
    revision: string,
    instances: readonly ServiceInstance[],
    problems: string[],
  ): Promise<MetadataInfo | undefined> {
    const local = instances.every((instance) => instance.storageType === 'local');
    if (local) {
      for (const instance of instances.filter((candidate) => candidate.metadataVersion === '2.0.0')) {
        const endpoint = metadataServiceEndpoint(instance);
        if (endpoint === undefined) {
          problems.push(`${instance.id}: no Triple endpoint for MetadataServiceV2`);
          continue;
        }
        try {
          const info = parseMetadataInfo(await this.sources.callV2(endpoint, app, revision));
          if (typeof info !== 'string') return info;
          problems.push(`${endpoint}: ${info}`);
        } catch (error) {
          problems.push(
            `MetadataServiceV2 at ${endpoint}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      if (!instances.some((instance) => instance.metadataVersion === '2.0.0')) {
        problems.push('instances offer only MetadataService v1 (hessian over dubbo), which is not supported');
      }
    }
    try {
      const text = await this.sources.readRemote(app, revision);
      if (text === undefined) {
        problems.push('no metadata report node');
        return undefined;
      }
      const info = parseMetadataInfoJson(text);
      if (typeof info !== 'string') return info;
      problems.push(`metadata report: ${info}`);
    } catch (error) {
      problems.push(`metadata report: ${error instanceof Error ? error.message : String(error)}`);
    }
    return undefined;
  }
}
