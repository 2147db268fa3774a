/**
 * Fault: ZooKeeper session expiry under load (issue 6 "Faults"). The Fat client reaches a real
 * ZooKeeper through a TCP proxy that cuts it off for longer than its 2 s session, so the server
 * expires the session and deletes the client's ephemeral consumer node. Calls keep working from the
 * providers already known; once the proxy lets it back, the client opens a new session, writes its
 * consumer node again and sees a provider that registered meanwhile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProtoService } from '@dubbo-mesh/sdk-core';
import { createFatClient, type FatClient } from '@dubbo-mesh/sdk-fat';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ZooKeeperConnection } from '../../../packages/sdk-fat/src/registry/zookeeper/zookeeper-connection.js';
import { type GrpcPeer, startGrpcServer } from '../../peers/grpc-server.js';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../../peers/test-service-definition.js';
import { startZooKeeper, type ZooKeeperPeer } from '../../peers/zookeeper.js';
import { startTcpProxy, type TcpProxy } from '../../sdk-fat/registry/tcp-proxy.js';
import { JavaProviderNodes } from '../../sdk-fat/registry/zookeeper-nodes.js';
import { tally } from '../tally.js';

const TestService = loadProtoService<{ unary: 'unary' }>(TEST_PROTO_PATH, TEST_SERVICE_NAME);
const AREA = 'ZooKeeper session expiry';
const CONSUMERS = `/dubbo/${TEST_SERVICE_NAME}/consumers`;

function providerUrl(peer: GrpcPeer): string {
  return `tri://${peer.address}/${TEST_SERVICE_NAME}?application=echo-provider&dynamic=true&interface=${TEST_SERVICE_NAME}&side=provider`;
}

describe('ZooKeeper session expiry under load', () => {
  let zk: ZooKeeperPeer;
  let proxy: TcpProxy;
  let writer: ZooKeeperConnection;
  let first: GrpcPeer;
  let second: GrpcPeer;
  let cacheDir: string;
  let fat: FatClient;

  beforeAll(async () => {
    zk = await startZooKeeper();
    proxy = await startTcpProxy(zk.port);
    writer = new ZooKeeperConnection({ connectString: zk.connectString, sessionTimeoutMs: 60_000 });
    expect(await writer.waitConnected(10_000)).toBe(true);
    [first, second] = await Promise.all([
      startGrpcServer({ name: 'first' }),
      startGrpcServer({ name: 'second' }),
    ]);
    await new JavaProviderNodes(writer).addUrl(TEST_SERVICE_NAME, providerUrl(first));
    cacheDir = mkdtempSync(join(tmpdir(), 'dm-rel-zk-'));
    fat = createFatClient({
      application: 'reliability',
      registry: `zookeeper://127.0.0.1:${proxy.port}?session=2000`,
      cacheDir,
    });
  }, 60_000);

  afterAll(async () => {
    await fat?.close();
    await writer?.close();
    await proxy?.close();
    await Promise.all([first?.close(), second?.close()]);
    await zk?.close();
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  });

  it('keeps calls working, re-creates its ephemeral node and re-reads providers after expiry', async () => {
    const client = fat.client(TestService);
    const servers: Record<string, number> = {};
    const failures: unknown[] = [];
    let calls = 0;
    let running = true;
    const load = (async () => {
      while (running) {
        calls++;
        try {
          const reply = await client.unary({ message: 'zk' }, { timeoutMs: 2_000 });
          const server = String(reply.server);
          servers[server] = (servers[server] ?? 0) + 1;
        } catch (error) {
          failures.push(error);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    try {
      // The consumer registers itself (ephemeral) once subscribed.
      await vi.waitFor(async () => expect(await writer.getChildren(CONSUMERS)).toHaveLength(1), {
        timeout: 15_000,
        interval: 50,
      });
      proxy.cut();
      tally('fault', 1, AREA);
      // The server expires the session: the ephemeral consumer node goes.
      await vi.waitFor(async () => expect(await writer.getChildren(CONSUMERS)).toHaveLength(0), {
        timeout: 15_000,
        interval: 100,
      });
      await new JavaProviderNodes(writer).addUrl(TEST_SERVICE_NAME, providerUrl(second));
      const beforeResume = servers.first ?? 0;
      proxy.resume();
      await vi.waitFor(async () => expect(await writer.getChildren(CONSUMERS)).toHaveLength(1), {
        timeout: 20_000,
        interval: 100,
      });
      await vi.waitFor(() => expect(servers.second ?? 0).toBeGreaterThan(10), {
        timeout: 20_000,
        interval: 50,
      });
      expect(servers.first ?? 0).toBeGreaterThan(beforeResume);
    } finally {
      running = false;
      await load;
    }
    tally('call', calls, AREA);
    tally('lost', failures.length, AREA);
    expect(failures.map(String)).toEqual([]);
  }, 90_000);
});
