/**
 * The sidecar routes with rules pushed to ZooKeeper's config center, as a Java consumer of the
 * same services would; a broken push is logged and the previous rule stays in force.
 */
import {
  createClient,
  createHttp2Transport,
  type Http2Transport,
  loadProtoService,
} from '@dubbo-mesh/sdk-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ZooKeeperConnection } from '../../packages/sdk-fat/src/registry/zookeeper/zookeeper-connection.js';
import { type Sidecar, startSidecar } from '../../packages/sidecar/src/index.js';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { tempSocketPath } from '../peers/temp-socket.js';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../peers/test-service-definition.js';
import { startZooKeeper, type ZooKeeperPeer } from '../peers/zookeeper.js';
import { JavaProviderNodes } from '../sdk-fat/registry/zookeeper-nodes.js';

const TestService = loadProtoService(TEST_PROTO_PATH, TEST_SERVICE_NAME);
const RULE_KEY = `${TEST_SERVICE_NAME}::.condition-router`;

describe('sidecar with config-center rules on ZooKeeper', () => {
  let zk: ZooKeeperPeer;
  let writer: ZooKeeperConnection;
  let nodes: JavaProviderNodes;
  let hz: GrpcPeer;
  let sh: GrpcPeer;
  let sidecar: Sidecar;
  let transport: Http2Transport;
  const logs: string[] = [];

  async function serverOfNextCall(): Promise<string> {
    const client = createClient(TestService, transport) as unknown as {
      unary(request: object): Promise<{ server: string }>;
    };
    return (await client.unary({ message: 'x' })).server;
  }

  beforeAll(async () => {
    zk = await startZooKeeper();
    writer = new ZooKeeperConnection({ connectString: zk.connectString });
    expect(await writer.waitConnected(10_000)).toBe(true);
    nodes = new JavaProviderNodes(writer);
    [hz, sh] = await Promise.all([startGrpcServer({ name: 'hz' }), startGrpcServer({ name: 'sh' })]);
    for (const [peer, region] of [
      [hz, 'hz'],
      [sh, 'sh'],
    ] as const) {
      await nodes.addUrl(
        TEST_SERVICE_NAME,
        `tri://${peer.address}/${TEST_SERVICE_NAME}?application=echo&interface=${TEST_SERVICE_NAME}&region=${region}&side=provider`,
      );
    }
    sidecar = await startSidecar({
      listen: `unix:${tempSocketPath('sidecar.sock')}`,
      registry: `zookeeper://${zk.connectString}`,
      log: (line) => logs.push(line),
    });
    transport = createHttp2Transport(`unix:${sidecar.socketPath}`, { authority: 'sidecar' });
  }, 60_000);

  afterAll(async () => {
    await transport?.close();
    await sidecar?.close();
    await writer?.close();
    await Promise.all([hz, sh].map((p) => p?.close()));
    await zk?.close();
  });

  it('applies a pushed rule, and keeps it when a broken one follows', async () => {
    const seen = new Set<string>();
    await vi.waitFor(
      async () => {
        seen.add(await serverOfNextCall());
        expect([...seen].sort()).toEqual(['hz', 'sh']);
      },
      { timeout: 10_000 },
    );
    await nodes.setRule(
      RULE_KEY,
      [
        'configVersion: v3.0',
        'scope: service',
        `key: "${TEST_SERVICE_NAME}::"`,
        'conditions:',
        '  - "=> region=sh"',
      ].join('\n'),
    );
    await vi.waitFor(
      async () => {
        for (let i = 0; i < 10; i++) expect(await serverOfNextCall()).toBe('sh');
      },
      { timeout: 10_000 },
    );

    await nodes.setRule(RULE_KEY, 'configVersion: v3.0\nconditions: [broken\n');
    await vi.waitFor(
      () => expect(logs.some((l) => l.includes('rejected, previous rules stay in force'))).toBe(true),
      {
        timeout: 10_000,
      },
    );
    for (let i = 0; i < 20; i++) expect(await serverOfNextCall()).toBe('sh');
  });
});
