import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { tempSocketPath } from '../peers/temp-socket.js';
import { TestServiceClient } from './test-service-client.js';
import { waitUntil } from './wait-until.js';

describe.each([
  { transport: 'tcp', uds: false },
  { transport: 'uds', uds: true },
])('grpc-js peer over $transport', ({ uds }) => {
  let peer: GrpcPeer;
  let client: TestServiceClient;

  beforeAll(async () => {
    peer = await startGrpcServer({ name: 'alpha', ...(uds ? { uds: tempSocketPath('grpc.sock') } : {}) });
    client = new TestServiceClient(peer.address);
  });

  afterAll(async () => {
    client?.close();
    await peer?.close();
  });

  it('reports its address', () => {
    if (uds) {
      expect(peer.address).toBe(`unix:${peer.socketPath}`);
      expect(peer.port).toBeUndefined();
    } else {
      expect(peer.address).toBe(`127.0.0.1:${peer.port}`);
      expect(peer.socketPath).toBeUndefined();
    }
  });

  it('echoes a unary call with metadata, header and trailers', async () => {
    const before = peer.calls;
    const out = await client.unary(
      { message: 'hi', payload: Buffer.from([9, 8, 7]) },
      {
        metadata: {
          'tri-service-version': '1.0.0',
          'tri-consumer-appname': 'selftest',
          'my-attachment': 'v',
        },
      },
    );
    expect(out.error).toBeUndefined();
    expect(out.response?.message).toBe('hi');
    expect(out.response?.server).toBe('alpha');
    expect(Buffer.from(out.response?.payload ?? []).equals(Buffer.from([9, 8, 7]))).toBe(true);
    expect(out.response?.metadata).toMatchObject({
      'tri-service-version': '1.0.0',
      'tri-consumer-appname': 'selftest',
      'my-attachment': 'v',
    });
    expect(out.headers.get('x-echo-header')).toEqual(['hi']);
    expect(out.status.metadata.get('x-echo-trailer')).toEqual(['hi']);
    expect(out.status.metadata.get('x-bin-bin')).toEqual([Buffer.from([1, 2, 3])]);
    expect(peer.calls).toBe(before + 1);
    expect(peer.lastMetadata['my-attachment']).toBe('v');
    expect(peer.cancelled).toEqual([]);
  });

  it('fails a unary call with the requested code, message and trailers', async () => {
    const out = await client.unary({ message: 'bad', failCode: 9, failMessage: 'precondition' });
    expect(out.error?.code).toBe(9);
    expect(out.error?.details).toBe('precondition');
    expect(out.status.metadata.get('x-echo-trailer')).toEqual(['bad']);
    expect(out.status.metadata.get('x-bin-bin')).toEqual([Buffer.from([1, 2, 3])]);
  });

  it('delays, and records a call cancelled during the delay', async () => {
    const started = Date.now();
    const ok = await client.unary({ message: 'slow-ok', delayMs: 150 });
    expect(ok.response?.message).toBe('slow-ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    const cancelled = await client.unary(
      { message: 'to-cancel', delayMs: 5_000 },
      { onStart: (cancel) => setTimeout(cancel, 100) },
    );
    expect(cancelled.error?.code).toBe(1);
    await waitUntil(() => peer.cancelled.includes('to-cancel'), 3_000, 'server-side cancellation');

    const expired = await client.unary({ message: 'deadline', delayMs: 5_000 }, { deadlineMs: 100 });
    expect(expired.error?.code).toBe(4);
    await waitUntil(() => peer.cancelled.includes('deadline'), 3_000, 'deadline cancellation');
    expect(peer.cancelled).not.toContain('slow-ok');
  });

  it('streams count responses, then fails when asked', async () => {
    const ok = await client.serverStream({ message: 's', count: 3, delayMs: 10 });
    expect(ok.error).toBeUndefined();
    expect(ok.responses.map((r) => [r.message, r.index])).toEqual([
      ['s', 0],
      ['s', 1],
      ['s', 2],
    ]);
    expect(ok.status.metadata.get('x-echo-trailer')).toEqual(['s']);

    const failing = await client.serverStream({ message: 'f', count: 2, failCode: 8, failMessage: 'quota' });
    expect(failing.responses.map((r) => r.index)).toEqual([0, 1]);
    expect(failing.error?.code).toBe(8);
    expect(failing.error?.details).toBe('quota');
  });

  it('stops a server stream the client cancelled, and records it', async () => {
    const out = await client.serverStream(
      { message: 'endless', count: 1_000, delayMs: 20 },
      { onStart: (cancel) => setTimeout(cancel, 120) },
    );
    expect(out.error?.code).toBe(1);
    expect(out.responses.length).toBeGreaterThan(0);
    expect(out.responses.length).toBeLessThan(1_000);
    await waitUntil(() => peer.cancelled.includes('endless'), 3_000, 'stream cancellation');
  });

  it('joins a client stream', async () => {
    const out = await client.clientStream([{ message: 'a' }, { message: 'b' }, { message: 'c' }]);
    expect(out.message).toBe('a,b,c');
    expect(out.index).toBe(3);
    expect(out.server).toBe('alpha');
  });

  it('echoes a bidi stream in order', async () => {
    const out = await client.bidi([{ message: 'x', delayMs: 30 }, { message: 'y' }, { message: 'z' }]);
    expect(out.error).toBeUndefined();
    expect(out.responses.map((r) => [r.message, r.index])).toEqual([
      ['x', 0],
      ['y', 1],
      ['z', 2],
    ]);
  });

  it('close() frees the socket file and its directory', async () => {
    const extra = await startGrpcServer(uds ? { uds: tempSocketPath('extra.sock') } : {});
    await extra.close();
    await extra.close();
    if (extra.socketPath !== undefined) {
      expect(existsSync(extra.socketPath)).toBe(false);
      expect(existsSync(dirname(extra.socketPath))).toBe(false);
    } else {
      const again = new TestServiceClient(extra.address);
      const out = await again.unary({ message: 'gone' }, { deadlineMs: 1_000 });
      again.close();
      expect(out.error?.code).toBe(14);
    }
  });
});
