import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseProviderUrl } from '../../../packages/sdk-fat/src/provider/provider-url.js';
import { ZooKeeperConnection } from '../../../packages/sdk-fat/src/registry/zookeeper/zookeeper-connection.js';
import { ZooKeeperRegistry } from '../../../packages/sdk-fat/src/registry/zookeeper/zookeeper-registry.js';
import { startZooKeeper, type ZooKeeperPeer } from '../../peers/zookeeper.js';
import { Notifications } from './notifications.js';
import { startTcpProxy } from './tcp-proxy.js';
import { instanceMetadata, JavaProviderNodes } from './zookeeper-nodes.js';

const GREETER = 'org.demo.Greeter';
const JAVA_PARAMS =
  'anyhost=true&application=greeter-provider&dubbo=2.0.2&dynamic=true&interface=org.demo.Greeter&methods=greet,ping' +
  '&prefer.serialization=fastjson2,hessian2&release=3.3.0&serialization=hessian2&service-name-mapping=true&side=provider' +
  '&timestamp=1717000000000';
const p = (host: string, extra = ''): string => `tri://${host}:50051/${GREETER}?${JAVA_PARAMS}${extra}`;

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('ZooKeeper registry against a real ZooKeeper', () => {
  let zk: ZooKeeperPeer;
  let writer: ZooKeeperConnection;
  let nodes: JavaProviderNodes;
  let cacheDir: string;
  const open: ZooKeeperRegistry[] = [];
  const errors: Error[] = [];

  function registry(options: { connectTimeoutMs?: number; query?: string } = {}): ZooKeeperRegistry {
    const created = new ZooKeeperRegistry(`zookeeper://${zk.connectString}${options.query ?? ''}`, {
      application: 'shop-web',
      host: '10.1.0.9',
      cacheDir,
      connectTimeoutMs: options.connectTimeoutMs ?? 1_000,
      metadataRetryMs: 200,
      onError: (error) => errors.push(error),
    });
    open.push(created);
    return created;
  }

  beforeAll(async () => {
    zk = await startZooKeeper();
    writer = new ZooKeeperConnection({ connectString: zk.connectString, sessionTimeoutMs: 60_000 });
    expect(await writer.waitConnected(10_000)).toBe(true);
    nodes = new JavaProviderNodes(writer);
    cacheDir = mkdtempSync(join(tmpdir(), 'dm-zk-cache-'));
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((r) => r.close()));
  });

  afterAll(async () => {
    await writer?.close();
    await zk?.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('sees interface-level adds and removals, skips garbage, matches the version, and empty clears', async () => {
    const iface = 'org.demo.Adds';
    const url = (host: string, extra = ''): string => p(host, extra).replaceAll(GREETER, iface);
    const a = await nodes.addUrl(iface, url('10.0.0.1'));
    const r = registry();
    const seen = new Notifications();
    r.subscribe({ serviceName: iface }, seen.listener);
    await seen.untilAddresses(['10.0.0.1:50051']);
    expect(seen.last!.notice).toMatchObject({ source: 'live', discovery: 'interface' });
    expect(seen.last!.providers[0]!.params).toMatchObject({
      application: 'greeter-provider',
      methods: 'greet,ping',
    });

    const b = await nodes.addUrl(iface, url('10.0.0.2'));
    await seen.untilAddresses(['10.0.0.1:50051', '10.0.0.2:50051']);
    await nodes.addUrl(iface, url('10.0.0.3', '&version=2.0.0'));
    const garbage = await nodes.addRawChild(iface, 'not-a-url%ZZ');
    const last = await seen.until((n) => n.notice.skipped.length === 1, 'the garbage node to be skipped');
    expect(last.notice.skipped[0]).toMatchObject({
      entry: 'not-a-url%ZZ',
      reason: 'not valid percent-encoding',
    });
    expect(seen.addresses()).toEqual(['10.0.0.1:50051', '10.0.0.2:50051']);

    await nodes.remove(a);
    await seen.untilAddresses(['10.0.0.2:50051']);
    await nodes.remove(garbage);
    await nodes.remove(b);
    await seen.until((n) => n.providers.length === 0 && n.notice.skipped.length === 0, 'an empty list');
    // The versioned provider only reaches a consumer of that version.
    const versioned = new Notifications();
    r.subscribe({ serviceName: iface, version: '2.0.0' }, versioned.listener);
    await versioned.untilAddresses(['10.0.0.3:50051']);
  });

  it('debounces provider changes by delay-notification, as Java does', async () => {
    const iface = 'org.demo.Debounced';
    const url = (host: string): string => p(host).replaceAll(GREETER, iface);
    const seen = new Notifications();
    registry({ query: '?delay-notification=300' }).subscribe({ serviceName: iface }, seen.listener);
    await seen.untilAddresses([]);
    const before = seen.all.length;
    await nodes.addUrl(iface, url('10.0.0.1'));
    await nodes.addUrl(iface, url('10.0.0.2'));
    await seen.untilAddresses(['10.0.0.1:50051', '10.0.0.2:50051']);
    expect(seen.all.length).toBe(before + 1);
  });

  it('registers the consumer (ephemeral, Java format) while subscribed, and provider URLs on request', async () => {
    const iface = 'org.demo.Registered';
    const r = registry();
    const stop = r.subscribe({ serviceName: iface, version: '1.0.0' }, () => undefined);
    const consumers = `/dubbo/${iface}/consumers`;
    let children: string[] | undefined;
    for (let i = 0; i < 200 && !children?.length; i++) {
      children = await writer.getChildren(consumers);
      if (!children?.length) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(children).toHaveLength(1);
    const consumer = parseProviderUrl(children![0]!, { encoded: true });
    if (typeof consumer === 'string') throw new Error(consumer);
    expect(consumer).toMatchObject({ protocol: 'consumer', host: '10.1.0.9', path: iface });
    expect(consumer.params).toMatchObject({
      application: 'shop-web',
      category: 'consumers',
      side: 'consumer',
      interface: iface,
      version: '1.0.0',
      check: 'false',
    });
    stop();
    for (let i = 0; i < 200 && children?.length; i++) {
      children = await writer.getChildren(consumers);
      if (children?.length) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(children).toEqual([]);

    const served = `tri://10.0.0.9:50051/${iface}?application=sidecar-app&interface=${iface}&side=provider`;
    await r.register(served);
    const providers = await writer.getChildren(`/dubbo/${iface}/providers`);
    expect(providers?.map((name) => decodeURIComponent(name))).toEqual([served]);
    await r.close();
    expect(await writer.getChildren(`/dubbo/${iface}/providers`)).toEqual([]);
  });

  it('passes legacy override URLs from the configurators dir in the notice', async () => {
    const iface = 'org.demo.Overridden';
    await nodes.addUrl(iface, p('10.0.0.1').replaceAll(GREETER, iface));
    await nodes.addUrl(
      iface,
      `override://0.0.0.0/${iface}?category=configurators&dynamic=false&enabled=true&timeout=5000`,
      'configurators',
    );
    const seen = new Notifications();
    registry().subscribe({ serviceName: iface }, seen.listener);
    const last = await seen.until((n) => n.notice.configurators?.length === 1, 'the override URL');
    expect(last.notice.configurators![0]!.params.timeout).toBe('5000');
    expect(last.notice.routers).toEqual([]);
  });

  it('discovers application-level providers (mapping, Curator instances, metadata) and prefers them', async () => {
    const iface = 'org.demo.AppLevel';
    const revision = '02c0ec2be52e9d9f54872b85d88e351c';
    await nodes.addUrl(
      iface,
      `tri://10.0.0.1:50051/${iface}?application=greeter-provider&interface=${iface}`,
    );
    await nodes.setMetadata('greeter-provider', revision, {
      app: 'greeter-provider',
      revision,
      services: {
        [`${iface}:tri`]: {
          name: iface,
          protocol: 'tri',
          path: iface,
          params: { methods: 'greet,ping', weight: '100', side: 'provider', application: 'greeter-provider' },
        },
      },
    });
    await nodes.addInstance('greeter-provider', '10.0.0.5', 50051, instanceMetadata(revision, 50051));
    // dubbo-go's shape: no sslPort/serviceType/uriSpec, an extra tag.
    await nodes.addInstance(
      'greeter-provider',
      '10.0.0.6',
      50051,
      {},
      {
        name: 'greeter-provider',
        id: '10.0.0.6:50051',
        address: '10.0.0.6',
        port: 50051,
        payload: {
          id: '10.0.0.6:50051',
          name: 'greeter-provider',
          metadata: instanceMetadata(revision, 50051, { timestamp: '1717000099000' }),
        },
        tag: '',
      },
    );
    // Revision "0": exports nothing.
    await nodes.addInstance('greeter-provider', '10.0.0.7', 50051, instanceMetadata('0', 50051));
    await nodes.setMapping(iface, 'greeter-provider, greeter-provider');
    const seen = new Notifications();
    registry().subscribe({ serviceName: iface }, seen.listener);
    const last = await seen.untilAddresses(['10.0.0.5:50051', '10.0.0.6:50051']);
    expect(last.notice.discovery).toBe('application');
    const six = last.providers.find((provider) => provider.host === '10.0.0.6')!;
    expect(six.params).toMatchObject({
      methods: 'greet,ping',
      interface: iface,
      timestamp: '1717000099000',
      application: 'greeter-provider',
    });

    // The instance goes away: back to interface level while application level is empty.
    await nodes.setMapping(iface, 'nobody');
    const fallback = await seen.untilAddresses(['10.0.0.1:50051']);
    expect(fallback.notice.discovery).toBe('interface');
  });

  it('watches config-center keys through create, change and delete', async () => {
    const seen: (string | undefined)[] = [];
    registry().watch('org.demo.Greeter::.condition-router', (content) => seen.push(content));
    const until = async (n: number): Promise<void> => {
      for (let i = 0; i < 500 && seen.length < n; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(seen).toHaveLength(n);
    };
    await until(1);
    expect(seen).toEqual([undefined]);
    await nodes.setRule('org.demo.Greeter::.condition-router', 'conditions: ["=> region=hz"]\n');
    await until(2);
    await nodes.setRule('org.demo.Greeter::.condition-router', 'conditions: ["=> region=sh"]\n');
    await until(3);
    await nodes.setRule('org.demo.Greeter::.condition-router', undefined);
    await until(4);
    expect(seen).toEqual([
      undefined,
      'conditions: ["=> region=hz"]\n',
      'conditions: ["=> region=sh"]\n',
      undefined,
    ]);
  });

  it('recovers watches and ephemeral nodes after its session expired', async () => {
    const iface = 'org.demo.Expiring';
    await nodes.addUrl(iface, p('10.0.0.1').replaceAll(GREETER, iface));
    // Through a proxy that can cut the registry off for longer than its 2 s session.
    const proxy = await startTcpProxy(zk.port);
    try {
      const r = new ZooKeeperRegistry(`zookeeper://127.0.0.1:${proxy.port}?session=2000`, {
        application: 'shop-web',
        host: '10.1.0.9',
      });
      open.push(r);
      const seen = new Notifications();
      r.subscribe({ serviceName: iface }, seen.listener);
      const served = `tri://10.0.0.8:50051/${iface}?application=sidecar-app&interface=${iface}&side=provider`;
      await r.register(served);
      await seen.untilAddresses(['10.0.0.1:50051', '10.0.0.8:50051']);
      const session = r.connection.sessionId();
      proxy.cut();
      // The server expires the session and deletes its ephemeral nodes.
      await waitFor(
        async () =>
          !(await writer.getChildren(`/dubbo/${iface}/providers`))?.some((n) => n.includes('10.0.0.8')),
        10_000,
      );
      expect(seen.addresses()).toEqual(['10.0.0.1:50051', '10.0.0.8:50051']);
      await nodes.addUrl(iface, p('10.0.0.2').replaceAll(GREETER, iface));
      proxy.resume();
      // A new session: the provider node is written again and the watch sees the new provider.
      await seen.untilAddresses(['10.0.0.1:50051', '10.0.0.2:50051', '10.0.0.8:50051'], 15_000);
      expect(r.connection.sessionId().equals(session)).toBe(false);
      const consumers = await writer.getChildren(`/dubbo/${iface}/consumers`);
      expect(consumers).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it('keeps providers while ZooKeeper is down, starts from the disk cache, and recovers when it returns', async () => {
    const iface = 'org.demo.Outage';
    const url = (host: string): string => p(host).replaceAll(GREETER, iface);
    await nodes.addUrl(iface, url('10.0.0.1'));
    const first = registry();
    const seen = new Notifications();
    first.subscribe({ serviceName: iface }, seen.listener);
    await seen.untilAddresses(['10.0.0.1:50051']);
    await first.cache!.flush();
    const file = first.cache!.fileOf({ serviceName: iface });
    expect(JSON.parse(readFileSync(file, 'utf8')).providers).toEqual([url('10.0.0.1')]);

    await zk.kill();
    const count = seen.all.length;
    // A process started now cannot reach ZooKeeper: it serves the cached list after the timeout.
    const second = registry({ connectTimeoutMs: 500 });
    const restarted = new Notifications();
    second.subscribe({ serviceName: iface }, restarted.listener);
    const cached = await restarted.untilAddresses(['10.0.0.1:50051'], 5_000);
    expect(cached.notice.source).toBe('cache');
    expect(seen.all.length).toBe(count);

    await zk.restart();
    // Same session after the restart, so the writer's ephemeral node is still there; add another.
    expect(await writer.waitConnected(10_000)).toBe(true);
    await nodes.addUrl(iface, url('10.0.0.2'));
    await seen.untilAddresses(['10.0.0.1:50051', '10.0.0.2:50051'], 20_000);
    const live = await restarted.untilAddresses(['10.0.0.1:50051', '10.0.0.2:50051'], 20_000);
    expect(live.notice.source).toBe('live');
  });
});
