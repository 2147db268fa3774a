/**
 * The Fat client against a real ZooKeeper and real @grpc/grpc-js providers, with provider nodes
 * written exactly as Java Dubbo writes them (sdk-fat issue, "Proof"): providers added and removed
 * while calls flow, a provider killed (failover, then ejection), ZooKeeper killed (calls continue,
 * zero failed), ZooKeeper restarted (watches recover), a broken rule pushed (reported, old rules stay).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProtoService } from '@dubbo-mesh/sdk-core';
import { createFatClient, type FatClient } from '@dubbo-mesh/sdk-fat';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ZooKeeperConnection } from '../../packages/sdk-fat/src/registry/zookeeper/zookeeper-connection.js';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../peers/test-service-definition.js';
import { startZooKeeper, type ZooKeeperPeer } from '../peers/zookeeper.js';
import { JavaProviderNodes } from './registry/zookeeper-nodes.js';

const TestService = loadProtoService(TEST_PROTO_PATH, TEST_SERVICE_NAME);
const KEY = { serviceName: TEST_SERVICE_NAME };

/** A provider URL as a Java 3.3 provider registers it (governance.md §1 example leaf). */
function javaUrl(peer: GrpcPeer, region: string): string {
  return (
    `tri://${peer.address}/${TEST_SERVICE_NAME}?anyhost=true&application=echo-provider&dubbo=2.0.2&dynamic=true` +
    `&interface=${TEST_SERVICE_NAME}&methods=Unary,ServerStream&region=${region}&release=3.3.0&side=provider` +
    `&timestamp=${Date.now() - 3_600_000}`
  );
}

/** Calls in a loop in the background, counting servers and failures, until stopped. */
function steadyLoad(call: () => Promise<Record<string, unknown>>) {
  const servers: Record<string, number> = {};
  const failures: unknown[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      try {
        const reply = await call();
        const server = String(reply.server);
        servers[server] = (servers[server] ?? 0) + 1;
      } catch (err) {
        failures.push(err);
      }
      await new Promise((r) => setImmediate(r));
    }
  })();
  return {
    servers,
    failures,
    async stop() {
      running = false;
      await done;
    },
  };
}

describe('Fat client on a real ZooKeeper', () => {
  let zk: ZooKeeperPeer;
  let writer: ZooKeeperConnection;
  let nodes: JavaProviderNodes;
  let peers: Record<string, GrpcPeer>;
  let paths: Record<string, string>;
  let cacheDir: string;
  let fat: FatClient;
  let client: { unary: (req: object, opts?: object) => Promise<Record<string, unknown>> };
  const ruleErrors: Error[] = [];

  const callOnce = () => client.unary({ message: 'x' }, { timeoutMs: 2000 });

  beforeAll(async () => {
    zk = await startZooKeeper();
    writer = new ZooKeeperConnection({ connectString: zk.connectString, sessionTimeoutMs: 60_000 });
    expect(await writer.waitConnected(10_000)).toBe(true);
    nodes = new JavaProviderNodes(writer);
    peers = {};
    for (const name of ['a', 'b', 'c', 'd']) peers[name] = await startGrpcServer({ name });
    paths = {
      a: await nodes.addUrl(TEST_SERVICE_NAME, javaUrl(peers.a!, 'hz')),
      b: await nodes.addUrl(TEST_SERVICE_NAME, javaUrl(peers.b!, 'sh')),
    };
    cacheDir = mkdtempSync(join(tmpdir(), 'dm-fatzk-'));
    fat = createFatClient({
      application: 'shop-web',
      registry: `zookeeper://${zk.connectString}`,
      cacheDir,
      consumer: { params: { region: 'hz' } },
      outlierDetection: {
        consecutiveErrors: 2,
        intervalMs: 1000,
        baseEjectionMs: 30_000,
        maxEjectionPercent: 50,
      },
      onRuleError: (error) => ruleErrors.push(error),
    });
    client = fat.client(TestService) as unknown as typeof client;
  }, 60_000);

  afterAll(async () => {
    await fat?.close();
    await writer?.close();
    await Promise.all(Object.values(peers ?? {}).map((p) => p.close()));
    await zk?.close();
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  });

  it('calls the providers registered in ZooKeeper', async () => {
    const load = steadyLoad(callOnce);
    await vi.waitFor(() => expect(Object.keys(load.servers).sort()).toEqual(['a', 'b']), { timeout: 10_000 });
    await load.stop();
    expect(load.failures).toEqual([]);
  });

  it('sees providers added and removed while calls flow, failing no call', async () => {
    const load = steadyLoad(callOnce);
    paths.c = await nodes.addUrl(TEST_SERVICE_NAME, javaUrl(peers.c!, 'hz'));
    await vi.waitFor(() => expect(load.servers.c ?? 0).toBeGreaterThan(5), { timeout: 10_000 });
    await nodes.remove(paths.b!);
    const before = { ...load.servers };
    await vi.waitFor(() => expect((load.servers.a ?? 0) - (before.a ?? 0)).toBeGreaterThan(20), {
      timeout: 10_000,
    });
    const bAfterRemoval = load.servers.b ?? 0;
    await vi.waitFor(() => expect((load.servers.c ?? 0) - (before.c ?? 0)).toBeGreaterThan(20), {
      timeout: 10_000,
    });
    await load.stop();
    expect(load.failures).toEqual([]);
    // A few calls may have been in flight to b when its node went; none start afterwards.
    expect((load.servers.b ?? 0) - bAfterRemoval).toBeLessThanOrEqual(2);
  });

  it('fails over when a registered provider dies, then ejects it', async () => {
    const load = steadyLoad(callOnce);
    await peers.c!.close(); // the node stays: ZooKeeper has not noticed, as when a host hangs
    await vi.waitFor(() => expect(fat.ejected(KEY)).toContain(peers.c!.address), { timeout: 10_000 });
    const aBefore = load.servers.a ?? 0;
    await vi.waitFor(() => expect((load.servers.a ?? 0) - aBefore).toBeGreaterThan(50), { timeout: 10_000 });
    await load.stop();
    expect(load.failures).toEqual([]);
    await nodes.remove(paths.c!);
  });

  it('keeps calling while ZooKeeper is down, and recovers its watches when it is back', async () => {
    const load = steadyLoad(callOnce);
    await zk.kill();
    const during = load.servers.a ?? 0;
    await vi.waitFor(() => expect((load.servers.a ?? 0) - during).toBeGreaterThan(100), { timeout: 10_000 });
    await zk.restart();
    await writer.waitConnected(20_000);
    paths.d = await nodes.addUrl(TEST_SERVICE_NAME, javaUrl(peers.d!, 'hz'));
    await vi.waitFor(() => expect(load.servers.d ?? 0).toBeGreaterThan(5), { timeout: 30_000 });
    await load.stop();
    console.log(
      `during the ZooKeeper outage and restart: ${JSON.stringify(load.servers)}, failures ${load.failures.length}`,
    );
    expect(load.failures).toEqual([]);
  }, 60_000);

  it('applies a rule pushed to the config center, and keeps it when a broken one follows', async () => {
    const key = `${TEST_SERVICE_NAME}::.condition-router`;
    await nodes.setRule(
      key,
      [
        'configVersion: v3.0',
        'scope: service',
        `key: "${TEST_SERVICE_NAME}::"`,
        'conditions:',
        '  - "=> region=sh"',
      ].join('\n'),
    );
    paths.b = await nodes.addUrl(TEST_SERVICE_NAME, javaUrl(peers.b!, 'sh'));
    await vi.waitFor(
      async () => {
        const reply = await callOnce();
        expect(reply.server).toBe('b');
      },
      { timeout: 10_000 },
    );
    await nodes.setRule(key, 'configVersion: v3.0\nscope: service\nconditions: [unclosed\n');
    await vi.waitFor(() => expect(ruleErrors.length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(ruleErrors[0]!.message).toMatch(/config-center:.*condition-router/);
    for (let i = 0; i < 20; i++) expect((await callOnce()).server).toBe('b');
    await nodes.setRule(key, undefined);
  });
});
