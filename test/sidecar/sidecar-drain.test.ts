/**
 * SIGTERM on a sidecar process with a real ZooKeeper: the providers it registered with `--serve`
 * appear on start; on SIGTERM it stops accepting, sends GOAWAY, lets every call in flight finish,
 * deregisters them and exits 0.
 */
import { existsSync } from 'node:fs';
import {
  Code,
  checkHealth,
  createClient,
  createHttp2Transport,
  type Http2Transport,
} from '@dubbo-mesh/sdk-core';
import { createRegistry, type Provider, type Registry } from '@dubbo-mesh/sdk-fat';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { tempSocketPath } from '../peers/temp-socket.js';
import { startZooKeeper, type ZooKeeperPeer } from '../peers/zookeeper.js';
import { type SidecarProcess, startSidecarProcess } from './sidecar-process.js';
import { TEST_SERVICE, testService } from './test-service.js';

const IN_FLIGHT = 10;

describe('dubbo-mesh sidecar: registration and SIGTERM drain (ZooKeeper)', () => {
  let zk: ZooKeeperPeer;
  let peer: GrpcPeer;
  let observer: Registry;
  let sidecar: SidecarProcess;
  let transport: Http2Transport;
  let seen: readonly Provider[] = [];

  beforeAll(async () => {
    [zk, peer] = await Promise.all([startZooKeeper(), startGrpcServer({ name: 'local-app' })]);
    observer = createRegistry(`zookeeper://${zk.connectString}`, {
      application: 'observer',
      registerConsumer: false,
    });
    observer.subscribe({ serviceName: TEST_SERVICE }, (providers) => {
      seen = providers;
    });
    sidecar = await startSidecarProcess([
      '--listen',
      `unix:${tempSocketPath('sidecar.sock')}`,
      '--registry',
      `zookeeper://${zk.connectString}`,
      '--serve',
      `${TEST_SERVICE}=${peer.address}?region=hz`,
      '--app',
      'local-app',
    ]);
    transport = createHttp2Transport(`unix:${sidecar.socketPath}`, { authority: 'sidecar' });
  }, 60_000);
  afterAll(async () => {
    await transport?.close();
    await sidecar?.kill();
    await observer?.close();
    await peer?.close();
    await zk?.close();
  });

  it('registers the served provider, in Java shape, as it starts', async () => {
    expect(sidecar.readyLine).toContain('registered=1');
    await vi.waitFor(() => expect(seen.map((p) => p.address)).toEqual([peer.address]), { timeout: 10_000 });
    expect(seen[0]!.params).toMatchObject({
      application: 'local-app',
      interface: TEST_SERVICE,
      side: 'provider',
      region: 'hz',
    });
  });

  it('drains on SIGTERM: every call in flight completes, the provider is deregistered, exit 0', async () => {
    const client = createClient(testService(), transport, { application: 'caller' });
    const before = peer.calls;
    const calls = Array.from({ length: IN_FLIGHT }, (_, i) =>
      client.unary({ message: `slow-${i}`, delayMs: 1500 }, { timeoutMs: 20_000 }),
    );
    // Every call reached the provider (routed through the registry to the served address).
    await vi.waitFor(() => expect(peer.calls - before).toBe(IN_FLIGHT), { timeout: 5000 });
    const signalled = Date.now();
    sidecar.child.kill('SIGTERM');
    // It stops accepting at once: a new connection gets nowhere while the old calls finish.
    await vi.waitFor(async () => {
      const late = createHttp2Transport(`unix:${sidecar.socketPath}`, { authority: 'sidecar' });
      try {
        await expect(checkHealth(late, '', { timeoutMs: 1000 })).rejects.toMatchObject({
          code: Code.Unavailable,
        });
      } finally {
        await late.close();
      }
    });
    const replies = await Promise.allSettled(calls);
    const failures = replies.filter((r) => r.status === 'rejected');
    expect(failures).toEqual([]);
    expect(replies.map((r) => (r.status === 'fulfilled' ? r.value.message : ''))).toEqual(
      Array.from({ length: IN_FLIGHT }, (_, i) => `slow-${i}`),
    );
    const exit = await sidecar.exited;
    console.log(
      `sidecar drain: ${IN_FLIGHT} in-flight calls completed, exit after ${Date.now() - signalled} ms`,
    );
    expect(exit).toEqual({ code: 0, signal: null });
    expect(sidecar.stderr()).toMatch(/draining/);
    expect(peer.cancelled).toEqual([]);
    expect(existsSync(sidecar.socketPath)).toBe(false);
    await vi.waitFor(() => expect(seen).toEqual([]), { timeout: 10_000 });
  });
});
