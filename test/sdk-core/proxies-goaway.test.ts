/**
 * sdk-core through third-party sidecars on a Unix socket (nginx and HAProxy in front of grpc-js).
 * nginx's default `keepalive_requests` (1,000) ends every connection with a GOAWAY after 1,000
 * streams: a client must survive it with zero failed calls (http2-notes.md).
 */
import { fileURLToPath } from 'node:url';
import { Code, createClient, createHttp2Transport, loadProtoService, RpcError } from '@dubbo-mesh/sdk-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { startHaproxy } from '../peers/haproxy.js';
import { startNginx } from '../peers/nginx.js';
import type { ProxyPeer } from '../peers/proxy-process.js';
import { tempSocketPath } from '../peers/temp-socket.js';

const protoPath = fileURLToPath(new URL('../peers/proto/test.proto', import.meta.url));
const TestService = loadProtoService<{ unary: 'unary'; serverStream: 'server_streaming' }>(
  protoPath,
  'dubbomesh.test.TestService',
);

const TOTAL_CALLS = 5_000;
const CONCURRENCY = 50;

/** Sends `total` unary calls with at most `concurrency` in flight; returns the failures by code. */
async function load(call: (i: number) => Promise<unknown>, total: number, concurrency: number) {
  const failures: Record<string, number> = {};
  let next = 0;
  let ok = 0;
  async function worker(): Promise<void> {
    while (next < total) {
      const i = next++;
      try {
        await call(i);
        ok++;
      } catch (err) {
        const name = err instanceof RpcError ? err.codeName : String(err);
        failures[name] = (failures[name] ?? 0) + 1;
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ok, failures };
}

describe.each([
  [
    'nginx (keepalive_requests 1000)',
    (socketPath: string, upstream: string) => startNginx({ socketPath, upstream }),
  ],
  ['HAProxy', (socketPath: string, upstream: string) => startHaproxy({ socketPath, upstream })],
])('sdk-core through %s on a UDS', (_name, startProxy) => {
  let upstream: GrpcPeer;
  let proxy: ProxyPeer;

  beforeAll(async () => {
    upstream = await startGrpcServer({ name: 'behind-proxy' });
    proxy = await startProxy(tempSocketPath('proxy.sock'), upstream.address);
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  it(`completes ${TOTAL_CALLS} unary calls with zero failures`, async () => {
    const transport = createHttp2Transport(`unix:${proxy.socketPath}`, { authority: 'test.service.local' });
    const client = createClient(TestService, transport, { application: 'proxy-it' });
    const started = performance.now();
    const result = await load(
      (i) => client.unary({ message: `m${i}` }, { timeoutMs: 10_000 }),
      TOTAL_CALLS,
      CONCURRENCY,
    );
    const seconds = (performance.now() - started) / 1000;
    const stats = transport.channel.stats;
    console.log(
      `${_name}: ${result.ok} ok in ${seconds.toFixed(1)} s, failures ${JSON.stringify(result.failures)}, ${JSON.stringify(stats)}`,
    );
    expect(result.failures).toEqual({});
    expect(result.ok).toBe(TOTAL_CALLS);
    if (_name.startsWith('nginx')) {
      // The test means something only if nginx really did end connections under the load.
      expect(stats.goawaysReceived).toBeGreaterThanOrEqual(4);
      expect(stats.sessionsOpened).toBeGreaterThanOrEqual(5);
    }
    await transport.close();
  }, 120_000);

  it('passes server streams, metadata and errors through', async () => {
    const transport = createHttp2Transport(`unix:${proxy.socketPath}`, { authority: 'test.service.local' });
    const client = createClient(TestService, transport);
    const got: unknown[] = [];
    for await (const m of client.serverStream({ message: 's', count: 3 })) got.push(m.index);
    expect(got).toEqual([0, 1, 2]);
    await expect(
      client.unary({ message: 'e', failCode: Code.PermissionDenied, failMessage: 'nope' }),
    ).rejects.toMatchObject({
      code: Code.PermissionDenied,
      rawMessage: 'nope',
    });
    await transport.close();
  });
});
