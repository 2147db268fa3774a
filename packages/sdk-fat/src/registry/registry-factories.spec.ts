import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileRegistry } from './file/file-registry.js';
import { createRegistry, registries } from './registry-factories.js';
import { ZooKeeperRegistry } from './zookeeper/zookeeper-registry.js';

describe('registries', () => {
  it('knows zookeeper and file', () => {
    expect(registries.names()).toEqual(['file', 'zookeeper']);
  });

  it('creates the registry a URL names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dm-factories-'));
    try {
      writeFileSync(join(dir, 'p.yaml'), 'providers: []\n');
      const file = createRegistry(`file:${join(dir, 'p.yaml')}`, { application: 'shop-web' });
      expect(file).toBeInstanceOf(FileRegistry);
      await file.close();
      // Nothing listens there: the client keeps trying in the background until closed.
      const zk = createRegistry('zookeeper://127.0.0.1:1', {
        application: 'shop-web',
        registerConsumer: false,
      });
      expect(zk).toBeInstanceOf(ZooKeeperRegistry);
      expect(typeof zk.watch).toBe('function');
      await zk.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names what it does not know', () => {
    expect(() => createRegistry('nacos://h:8848', { application: 'a' })).toThrow(
      /unknown registry "nacos"; known: file, zookeeper/,
    );
    expect(() => createRegistry('/just/a/path', { application: 'a' })).toThrow(/without a scheme/);
  });
});
