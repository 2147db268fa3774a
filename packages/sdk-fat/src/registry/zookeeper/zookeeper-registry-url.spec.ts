import { describe, expect, it } from 'vitest';
import { parseZooKeeperRegistryUrl } from './zookeeper-registry-url.js';

describe('parseZooKeeperRegistryUrl', () => {
  it("has Java's defaults", () => {
    expect(parseZooKeeperRegistryUrl('zookeeper://127.0.0.1:2181')).toMatchObject({
      connectString: '127.0.0.1:2181',
      root: '/dubbo',
      servicesRoot: '/services',
      configRoot: '/dubbo/config/dubbo',
      connectTimeoutMs: 5000,
      sessionTimeoutMs: 60000,
      emptyProtection: false,
      delayNotificationMs: 0,
      migrationStep: 'APPLICATION_FIRST',
      migrationThreshold: 0,
    });
  });

  it('reads servers, backup, group, rootPath and tuning parameters', () => {
    const url = parseZooKeeperRegistryUrl(
      'zookeeper://zk1:2181,zk2?backup=zk3:2182&group=mesh&timeout=1000&session=30000&enable-empty-protection=true&migration-step=force_interface&namespace=ns',
    );
    expect(url).toMatchObject({
      connectString: 'zk1:2181,zk2:2181,zk3:2182',
      root: '/mesh',
      servicesRoot: '/mesh',
      configRoot: '/ns/config/dubbo',
      connectTimeoutMs: 1000,
      sessionTimeoutMs: 30000,
      emptyProtection: true,
      migrationStep: 'FORCE_INTERFACE',
    });
    expect(parseZooKeeperRegistryUrl('zookeeper://h:1?rootPath=/apps').servicesRoot).toBe('/apps');
  });

  it('rejects what it cannot use, naming it', () => {
    expect(() => parseZooKeeperRegistryUrl('nacos://h:1')).toThrow(/not a ZooKeeper registry URL/);
    expect(() => parseZooKeeperRegistryUrl('zookeeper://h:1?timeout=soon')).toThrow(/timeout=soon/);
    expect(() => parseZooKeeperRegistryUrl('zookeeper://h:1?migration-step=LATER')).toThrow(
      /migration-step=LATER/,
    );
  });
});
