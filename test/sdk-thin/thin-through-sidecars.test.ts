/**
 * The Thin client through third-party sidecars (nginx and HAProxy on a UDS in front of grpc-js, which
 * have no health service) and through our own `dubbo-mesh sidecar`: the mesh metadata reaches the
 * provider, streaming works, health is judged by the health service or by the connection, and a
 * killed sidecar shows in the health event stream.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProtoService } from '@dubbo-mesh/sdk-core';
import { createThinClient, type HealthEvent, type ThinClient } from '@dubbo-mesh/sdk-thin';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SidecarKind, type SidecarProcess, startSidecarProcess } from '../mesh/sidecar-process.js';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../peers/test-service-definition.js';

interface EchoReply {
  message: string;
  metadata: Record<string, string>;
  index: number;
  server: string;
}
interface EchoClient {
  unary(request: object, options?: object): Promise<EchoReply>;
  serverStream(request: object, options?: object): AsyncIterable<EchoReply>;
}

const TestService = loadProtoService(TEST_PROTO_PATH, TEST_SERVICE_NAME, { version: '1.0.0', group: 'blue' });

const KINDS: readonly { kind: SidecarKind; judgedBy: 'connection' | 'health-service' }[] = [
  { kind: 'nginx', judgedBy: 'connection' },
  { kind: 'haproxy', judgedBy: 'connection' },
  { kind: 'dubbo-mesh', judgedBy: 'health-service' },
];

describe.each(KINDS)('Thin client through $kind on a UDS', ({ kind, judgedBy }) => {
  let dir: string;
  let peer: GrpcPeer;
  let sidecar: SidecarProcess;
  let thin: ThinClient;
  let echo: EchoClient;
  const events: HealthEvent[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dm-thin-'));
    peer = await startGrpcServer({ name: `behind-${kind}` });
    const registry = join(dir, 'providers.yaml');
    writeFileSync(
      registry,
      `providers:\n  - tri://${peer.address}/${TEST_SERVICE_NAME}?version=1.0.0&group=blue&application=echo\n`,
    );
    sidecar = await startSidecarProcess({
      kind,
      socketPath: join(dir, 'sidecar.sock'),
      upstream: peer.address,
      registry: `file:${registry}`,
    });
    thin = createThinClient({
      application: 'thin-app',
      sidecar: sidecar.endpoint,
      healthIntervalMs: 200,
      keepalive: { intervalMs: 300, timeoutMs: 300 },
    });
    thin.health.on('change', (event) => events.push(event));
    echo = thin.client(TestService) as unknown as EchoClient;
  });

  afterAll(async () => {
    await thin?.close();
    await sidecar?.close();
    await peer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('carries the metadata the sidecar routes on to the provider', async () => {
    const reply = await echo.unary(
      { message: 'hello' },
      { attachments: { 'x-lane': 'gray' }, timeoutMs: 3000 },
    );
    expect(reply.message).toBe('hello');
    expect(reply.server).toBe(`behind-${kind}`);
    expect(reply.metadata).toMatchObject({
      'tri-consumer-appname': 'thin-app',
      'tri-service-version': '1.0.0',
      'tri-service-group': 'blue',
      'x-lane': 'gray',
    });
  });

  it('carries a server stream', async () => {
    const indexes: number[] = [];
    for await (const reply of echo.serverStream({ message: 's', count: 5 }, { timeoutMs: 3000 })) {
      indexes.push(reply.index);
    }
    expect(indexes).toEqual([0, 1, 2, 3, 4]);
  });

  it(`is healthy, judged by the ${judgedBy === 'connection' ? 'connection (no health service)' : 'health service'}`, async () => {
    await vi.waitFor(() => expect(thin.health.state).toBe('healthy'), { timeout: 3000 });
    const outcome = await thin.health.check();
    expect(outcome).toMatchObject({ ok: true, judgedBy });
  });

  it('reports the killed sidecar as an unhealthy event in the stream', async () => {
    const iterator = thin.health.events()[Symbol.asyncIterator]();
    const killedAt = Date.now();
    await sidecar.kill();
    const next = await iterator.next();
    await iterator.return?.();
    console.log(
      `[thin health, ${kind}] unhealthy ${next.value?.at - killedAt} ms after SIGKILL: ${next.value?.reason}`,
    );
    expect(next.value).toMatchObject({ from: 'healthy', to: 'unhealthy' });
    expect(thin.health.state).toBe('unhealthy');
    expect(events.at(-1)?.to).toBe('unhealthy');
  });
});
