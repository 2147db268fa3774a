/**
 * Fault: a provider that hangs (issue 6 "Faults"). The deadline is honoured — DEADLINE_EXCEEDED
 * within the deadline plus slack — and the provider sees its stream cancelled (RST_STREAM CANCEL,
 * http2-notes.md), for a direct unary call, a server stream, and a Fat call whose deadline comes
 * from the provider URL's `timeout` parameter.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Code, createClient, createHttp2Transport, loadProtoService, RpcError } from '@dubbo-mesh/sdk-core';
import { createFatClient, type FatClient } from '@dubbo-mesh/sdk-fat';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../../peers/grpc-server.js';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../../peers/test-service-definition.js';
import { tally } from '../tally.js';

const TestService = loadProtoService<{ unary: 'unary'; serverStream: 'server_streaming' }>(
  TEST_PROTO_PATH,
  TEST_SERVICE_NAME,
);
const AREA = 'provider hanging';
const DEADLINE_MS = 300;
/** A loaded 2-core CI machine; still far below the 30 s the provider would hang. */
const SLACK_MS = 2_000;

async function timed(run: () => Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> {
  const started = performance.now();
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, elapsedMs: performance.now() - started };
}

function expectDeadlineExceeded(error: unknown): void {
  expect(error).toBeInstanceOf(RpcError);
  expect((error as RpcError).code, String(error)).toBe(Code.DeadlineExceeded);
}

describe('a provider that hangs', () => {
  let peer: GrpcPeer;
  let dir: string;
  let fat: FatClient;
  const transport = () => createHttp2Transport(peer.address);

  beforeAll(async () => {
    peer = await startGrpcServer({ name: 'hanging' });
    dir = mkdtempSync(join(tmpdir(), 'dm-rel-hang-'));
    const registry = join(dir, 'providers.yaml');
    writeFileSync(
      registry,
      `providers:\n  - tri://${peer.address}/${TEST_SERVICE_NAME}?application=hanging&timeout=${DEADLINE_MS}&retries=0\n`,
    );
    fat = createFatClient({ application: 'reliability', registry: `file:${registry}` });
  });

  afterAll(async () => {
    await fat?.close();
    await peer?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('unary: DEADLINE_EXCEEDED within the deadline, and the provider sees the cancellation', async () => {
    const t = transport();
    const client = createClient(TestService, t);
    const { error, elapsedMs } = await timed(() =>
      client.unary({ message: 'hang-unary', delayMs: 30_000 }, { timeoutMs: DEADLINE_MS }),
    );
    tally('fault', 1, AREA);
    tally('call', 1, AREA);
    expectDeadlineExceeded(error);
    expect(elapsedMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
    await vi.waitFor(() => expect(peer.cancelled).toContain('hang-unary'), { timeout: 5_000 });
    await t.close();
  });

  it('server stream: DEADLINE_EXCEEDED mid-stream, and the provider sees the cancellation', async () => {
    const t = transport();
    const client = createClient(TestService, t);
    const received: unknown[] = [];
    const { error, elapsedMs } = await timed(async () => {
      const stream = client.serverStream(
        { message: 'hang-stream', count: 1_000, delayMs: 100 },
        { timeoutMs: DEADLINE_MS },
      );
      for await (const message of stream) received.push(message);
    });
    tally('fault', 1, AREA);
    tally('call', 1, AREA);
    expectDeadlineExceeded(error);
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThan(1_000);
    expect(elapsedMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
    await vi.waitFor(() => expect(peer.cancelled).toContain('hang-stream'), { timeout: 5_000 });
    await t.close();
  });

  it("Fat: the provider URL's timeout is the deadline, and the provider sees the cancellation", async () => {
    const client = fat.client(TestService);
    const { error, elapsedMs } = await timed(() => client.unary({ message: 'hang-fat', delayMs: 30_000 }));
    tally('fault', 1, AREA);
    tally('call', 1, AREA);
    expectDeadlineExceeded(error);
    expect(elapsedMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
    await vi.waitFor(() => expect(peer.cancelled).toContain('hang-fat'), { timeout: 5_000 });
  });
});
