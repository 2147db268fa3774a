/**
 * Malformed registry data (issue 6, "Registry data"): provider URLs that do not parse and instance
 * JSON that is not JSON, in a real ZooKeeper and in a file registry, next to good entries. The Fat
 * client skips each one with a warn line through its Logger (secrets redacted) and one message on
 * `dubbo-mesh:registry:invalid-entry`, and keeps calling the good provider.
 */
import diagnostics from 'node:diagnostics_channel';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Logger, loadProtoService } from '@dubbo-mesh/sdk-core';
import { createFatClient, INVALID_ENTRY_CHANNEL, type InvalidRegistryEntry } from '@dubbo-mesh/sdk-fat';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ZooKeeperConnection } from '../../../packages/sdk-fat/src/registry/zookeeper/zookeeper-connection.js';
import { type GrpcPeer, startGrpcServer } from '../../peers/grpc-server.js';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../../peers/test-service-definition.js';
import { startZooKeeper, type ZooKeeperPeer } from '../../peers/zookeeper.js';
import { instanceMetadata, JavaProviderNodes } from '../../sdk-fat/registry/zookeeper-nodes.js';
import { tally } from '../tally.js';

const AREA = 'registry';
const TestService = loadProtoService(TEST_PROTO_PATH, TEST_SERVICE_NAME);
const SECRETS = ['p4ssw0rd', 's3cret'];

function goodUrl(peer: GrpcPeer, service = TEST_SERVICE_NAME): string {
  return (
    `tri://${peer.address}/${service}?application=bad-input-provider&interface=${service}` +
    `&methods=Unary&side=provider&release=3.3.0&timestamp=${Date.now() - 60_000}`
  );
}

/** A Logger that keeps warn lines, and the invalid-entry channel's messages, for assertions. */
function capture() {
  const warns: { fields: Readonly<Record<string, unknown>>; message: string }[] = [];
  const events: InvalidRegistryEntry[] = [];
  const ignore = (): void => {};
  const logger: Logger = {
    debug: ignore,
    info: ignore,
    error: ignore,
    warn: (fields, message) => warns.push({ fields, message }),
  };
  const onEvent = (message: unknown): void => {
    events.push(message as InvalidRegistryEntry);
  };
  diagnostics.subscribe(INVALID_ENTRY_CHANNEL, onEvent);
  return { warns, events, logger, stop: () => diagnostics.unsubscribe(INVALID_ENTRY_CHANNEL, onEvent) };
}

/** `n` calls, each must succeed on the good provider. */
async function callsSucceed(
  client: { unary(r: object, o?: object): Promise<{ server?: string }> },
  n: number,
) {
  for (let i = 0; i < n; i++) {
    const reply = await client.unary({ message: `m${i}` }, { timeoutMs: 5000 });
    expect(reply.server).toBe('good');
  }
  tally('call', n, AREA);
}

function expectNoSecrets(...logged: unknown[]): void {
  const text = JSON.stringify(logged);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

let peer: GrpcPeer;
let work: string;
beforeAll(async () => {
  peer = await startGrpcServer({ name: 'good' });
  work = mkdtempSync(join(tmpdir(), 'dm-bad-registry-'));
});
afterAll(async () => {
  await peer?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('malformed entries in ZooKeeper', () => {
  let zk: ZooKeeperPeer;
  let writer: ZooKeeperConnection;
  let nodes: JavaProviderNodes;

  beforeAll(async () => {
    zk = await startZooKeeper();
    writer = new ZooKeeperConnection({ connectString: zk.connectString, sessionTimeoutMs: 60_000 });
    expect(await writer.waitConnected(10_000)).toBe(true);
    nodes = new JavaProviderNodes(writer);
  }, 60_000);
  afterAll(async () => {
    await writer?.close();
    await zk?.close();
  });

  it('skips bad provider URLs and bad instance JSON, logs and publishes each once, and calls the good provider', async () => {
    const seen = capture();
    await nodes.addUrl(TEST_SERVICE_NAME, goodUrl(peer));
    const badUrls = [
      'not-a-url',
      encodeURIComponent('tri://user:p4ssw0rd@127.0.0.1:notaport/x?token=s3cret'),
      encodeURIComponent('tri://127.0.0.1:99999999/x'),
      encodeURIComponent('://no-scheme-host'),
      '%E0%A4%A',
      encodeURIComponent(`tri://${'h'.repeat(3000)}`),
    ];
    for (const name of badUrls) await nodes.addRawChild(TEST_SERVICE_NAME, name);
    const fat = createFatClient({
      application: 'bad-input-consumer',
      registry: `zookeeper://${zk.connectString}`,
      cacheDir: join(work, 'zk-cache'),
      logger: seen.logger,
    });
    try {
      const client = fat.client(TestService) as unknown as Parameters<typeof callsSucceed>[0];
      await callsSucceed(client, 50);
      await vi.waitFor(() => expect(seen.events.length).toBeGreaterThanOrEqual(4), { timeout: 10_000 });
      const interfaceLevel = seen.events.length;
      expect(seen.events.map((e) => e.path)).toContain('not-a-url');
      for (const event of seen.events) {
        expect(event.registry).toBe(`zookeeper://${zk.connectString}`);
        expect(event.reason.length).toBeGreaterThan(0);
        expect(event.path.length).toBeLessThanOrEqual(301);
      }
      expect(seen.warns.filter((w) => w.message.includes('registry entry skipped'))).toHaveLength(
        interfaceLevel,
      );
      tally('badInput', badUrls.length, AREA);

      // Application level (governance.md §2): a good instance next to nodes that are not instance JSON.
      const revision = '5e3ad4a3d3b1c2b0a9f8e7d6c5b4a392';
      const port = peer.port ?? 0;
      await nodes.setMetadata('bad-input-provider', revision, {
        app: 'bad-input-provider',
        revision,
        services: {
          [`${TEST_SERVICE_NAME}:tri`]: {
            name: TEST_SERVICE_NAME,
            protocol: 'tri',
            path: TEST_SERVICE_NAME,
            params: { methods: 'Unary', side: 'provider', application: 'bad-input-provider' },
          },
        },
      });
      await nodes.addInstance('bad-input-provider', '127.0.0.1', port, instanceMetadata(revision, port));
      const badJson = [
        '{not json',
        '[1,2,3]',
        '{"name": 5, "payload": "x"}',
        '',
        'null',
        '{"address":"h","port":"p"}',
      ];
      for (const [i, data] of badJson.entries()) {
        await writer.create(`/services/bad-input-provider/bad-${i}`, Buffer.from(data), 'ephemeral', true);
      }
      await nodes.setMapping(TEST_SERVICE_NAME, 'bad-input-provider');
      await vi.waitFor(
        () =>
          expect(seen.events.filter((e) => e.path.includes('/services/bad-input-provider/bad-')).length).toBe(
            badJson.length,
          ),
        { timeout: 15_000 },
      );
      tally('badInput', badJson.length, AREA);
      await callsSucceed(client, 50);
      // Reported once each, however many notifications still carry them.
      const paths = seen.events.map((e) => `${e.path}\n${e.reason}`);
      expect(new Set(paths).size).toBe(paths.length);
      expectNoSecrets(seen.warns, seen.events);
    } finally {
      seen.stop();
      await fat.close();
    }
  }, 60_000);
});

describe('malformed entries in a file registry', () => {
  it('skips entries that are not provider URLs, logs them redacted, and calls the good provider', async () => {
    const seen = capture();
    const file = join(work, 'providers.yaml');
    const bad = [
      '42',
      '{ a: 1 }',
      '"tri://user:p4ssw0rd@127.0.0.1:notaport/x?token=s3cret"',
      '"nonsense"',
      '~',
      '[nested]',
    ];
    writeFileSync(
      file,
      `providers:\n  - "${goodUrl(peer)}"\n${bad.map((entry) => `  - ${entry}\n`).join('')}`,
    );
    const fat = createFatClient({
      application: 'bad-input-consumer',
      registry: `file:${file}`,
      logger: seen.logger,
    });
    try {
      const client = fat.client(TestService) as unknown as Parameters<typeof callsSucceed>[0];
      await callsSucceed(client, 50);
      await vi.waitFor(() => expect(seen.events).toHaveLength(bad.length), { timeout: 5_000 });
      tally('badInput', bad.length, AREA);
      expect(seen.events.map((e) => e.path.split(':')[0])).toEqual(bad.map((_, i) => `providers[${i + 1}]`));
      expect(seen.warns.filter((w) => w.message.includes('registry entry skipped'))).toHaveLength(bad.length);
      expectNoSecrets(seen.warns, seen.events);
    } finally {
      seen.stop();
      await fat.close();
    }
  });
});
