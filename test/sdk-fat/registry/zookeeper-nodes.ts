import { encodeProviderUrl } from '../../../packages/sdk-fat/src/provider/provider-url.js';
import type { ZooKeeperConnection } from '../../../packages/sdk-fat/src/registry/zookeeper/zookeeper-connection.js';

/**
 * Writes registry nodes the way Java Dubbo 3.3 does (governance.md §1, §2), through a separate
 * ZooKeeper session standing in for the providers.
 */
export class JavaProviderNodes {
  constructor(readonly zk: ZooKeeperConnection) {}

  /** Interface-level leaf `/dubbo/<iface>/<category>/<enc(url)>`, ephemeral like Java's (dynamic=true). */
  async addUrl(iface: string, url: string, category = 'providers'): Promise<string> {
    const path = `/dubbo/${iface}/${category}/${encodeProviderUrl(url)}`;
    await this.zk.create(path, undefined, 'ephemeral');
    return path;
  }

  /** A child under a category dir with a name that is no URL at all. */
  async addRawChild(iface: string, name: string, category = 'providers'): Promise<string> {
    const path = `/dubbo/${iface}/${category}/${name}`;
    await this.zk.create(path, undefined, 'ephemeral');
    return path;
  }

  async remove(path: string): Promise<void> {
    await this.zk.remove(path);
  }

  /** `/dubbo/mapping/<iface>` = comma list of applications. */
  async setMapping(iface: string, apps: string): Promise<void> {
    const path = `/dubbo/mapping/${iface}`;
    if (await this.zk.exists(path)) await this.zk.setData(path, Buffer.from(apps));
    else await this.zk.create(path, Buffer.from(apps), 'persistent');
  }

  /** `/services/<app>/<host:port>` with Curator's instance JSON (Java shape unless `json` is given). */
  async addInstance(
    app: string,
    host: string,
    port: number,
    metadata: Record<string, string>,
    json?: Record<string, unknown>,
  ): Promise<string> {
    const id = `${host}:${port}`;
    const body = json ?? {
      name: app,
      id,
      address: host,
      port,
      sslPort: null,
      payload: { '@class': 'org.apache.dubbo.registry.zookeeper.ZookeeperInstance', id, name: app, metadata },
      registrationTimeUTC: 1717000001000,
      serviceType: 'DYNAMIC',
      uriSpec: null,
    };
    const path = `/services/${app}/${id}`;
    await this.zk.create(path, Buffer.from(JSON.stringify(body)), 'ephemeral', true);
    return path;
  }

  /** `/dubbo/metadata/<app>/<revision>` = MetadataInfo JSON (remote storage). */
  async setMetadata(app: string, revision: string, info: unknown): Promise<void> {
    await this.zk.create(
      `/dubbo/metadata/${app}/${revision}`,
      Buffer.from(JSON.stringify(info)),
      'persistent',
      true,
    );
  }

  /** A config-center rule at `/dubbo/config/dubbo/<key>`. */
  async setRule(key: string, yaml: string | undefined): Promise<void> {
    const path = `/dubbo/config/dubbo/${key}`;
    if (yaml === undefined) await this.zk.remove(path);
    else if (await this.zk.exists(path)) await this.zk.setData(path, Buffer.from(yaml));
    else await this.zk.create(path, Buffer.from(yaml), 'persistent');
  }
}

/** Instance metadata as Java 3.3 writes it for one Triple port and remote metadata storage. */
export function instanceMetadata(
  revision: string,
  port: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    'dubbo.metadata.revision': revision,
    'dubbo.metadata.storage-type': 'remote',
    'dubbo.endpoints': JSON.stringify([{ port, protocol: 'tri' }]),
    'meta-v': '1.0.0',
    timestamp: '1717000000000',
    ...extra,
  };
}
