/**
 * Fault: a provider process SIGKILLed with calls in flight (issue 6 "Faults"). A direct call, unary
 * or server-streaming, fails UNAVAILABLE marked connection-lost, and nothing hangs; through the Fat
 * client with failover and a second provider, every unary call under load succeeds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Code,
  createClient,
  createHttp2Transport,
  loadProtoService,
  RpcError,
  wasConnectionLost,
} from '@dubbo-mesh/sdk-core';
import { createFatClient } from '@dubbo-mesh/sdk-fat';
import { afterAll, describe, expect, it } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../../peers/grpc-server.js';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../../peers/test-service-definition.js';
import { tally } from '../tally.js';
import { startProviderProcess } from './provider-process.js';

const TestService = loadProtoService<{ unary: 'unary'; serverStream: 'server_streaming' }>(
  TEST_PROTO_PATH,
  TEST_SERVICE_NAME,
);
const AREA = 'provider killed';

describe('a provider process killed with calls in flight', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('mid-unary: the call fails UNAVAILABLE, marked connection-lost', async () => {
    const provider = await startProviderProcess('unary-victim');
    cleanups.push(() => provider.kill());
    const transport = createHttp2Transport(provider.address);
    cleanups.push(() => transport.close());
    const client = createClient(TestService, transport);
    const call = client.unary({ message: 'in-flight', delayMs: 30_000 }).catch((e: unknown) => e);
    await provider.untilCalls(1);
    await provider.kill();
    tally('fault', 1, AREA);
    const error = await call;
    tally('call', 1, AREA);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code, String(error)).toBe(Code.Unavailable);
    expect(wasConnectionLost(error)).toBe(true);
  });

  it('mid-server-stream: the iteration throws UNAVAILABLE after the messages that arrived', async () => {
    const provider = await startProviderProcess('stream-victim');
    cleanups.push(() => provider.kill());
    const transport = createHttp2Transport(provider.address);
    cleanups.push(() => transport.close());
    const client = createClient(TestService, transport);
    const received: number[] = [];
    let failure: unknown;
    try {
      for await (const message of client.serverStream({ message: 's', count: 10_000, delayMs: 20 })) {
        received.push(Number(message.index));
        if (received.length === 3) {
          await provider.kill();
          tally('fault', 1, AREA);
        }
      }
    } catch (error) {
      failure = error;
    }
    tally('call', 1, AREA);
    expect(received.slice(0, 3)).toEqual([0, 1, 2]);
    expect(received.length).toBeLessThan(10_000);
    expect(failure).toBeInstanceOf(RpcError);
    expect((failure as RpcError).code).toBe(Code.Unavailable);
  });

  it('through the Fat client with failover: no unary call fails while one of two providers dies', async () => {
    const victim = await startProviderProcess('victim');
    cleanups.push(() => victim.kill());
    const survivor: GrpcPeer = await startGrpcServer({ name: 'survivor' });
    cleanups.push(() => survivor.close());
    const dir = mkdtempSync(join(tmpdir(), 'dm-rel-kill-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const registry = join(dir, 'providers.yaml');
    writeFileSync(
      registry,
      `providers:\n${[victim.address, survivor.address]
        .map((address) => `  - tri://${address}/${TEST_SERVICE_NAME}?application=victims&retries=2\n`)
        .join('')}`,
    );
    const fat = createFatClient({ application: 'reliability', registry: `file:${registry}` });
    cleanups.push(() => fat.close());
    const client = fat.client(TestService);

    const servers: Record<string, number> = {};
    const failures: unknown[] = [];
    let calls = 0;
    let running = true;
    // 8 callers with slow calls, so several are in flight on the victim when it dies.
    const workers = Array.from({ length: 8 }, async (_, worker) => {
      while (running) {
        calls++;
        try {
          const reply = await client.unary({ message: `w${worker}`, delayMs: 50 }, { timeoutMs: 5_000 });
          const server = String(reply.server);
          servers[server] = (servers[server] ?? 0) + 1;
        } catch (error) {
          failures.push(error);
        }
      }
    });
    await victim.untilCalls(10);
    const executedBeforeKill = victim.calls();
    await victim.kill();
    tally('fault', 1, AREA);
    const survivorBefore = servers.survivor ?? 0;
    await expectEventually(() => (servers.survivor ?? 0) >= survivorBefore + 40);
    running = false;
    await Promise.all(workers);
    tally('call', calls, AREA);
    tally('lost', failures.length, AREA);
    expect(failures).toEqual([]);
    expect(executedBeforeKill).toBeGreaterThanOrEqual(10);
    expect(servers.victim ?? 0).toBeGreaterThan(0);
  });
});

async function expectEventually(condition: () => boolean): Promise<void> {
  const { vi } = await import('vitest');
  await vi.waitFor(() => expect(condition()).toBe(true), { timeout: 20_000, interval: 20 });
}
