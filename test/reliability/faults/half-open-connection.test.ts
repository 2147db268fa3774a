/**
 * Fault: a half-open connection (issue 6 "Faults"): a TCP relay that silently stops forwarding the
 * bytes of its open connections, both sockets left open, as when a NAT or firewall drops state.
 * Only keepalive PINGs can notice (http2-notes.md): the call in flight fails UNAVAILABLE within the
 * keepalive interval + timeout (plus slack), and the channel reconnects for the next call.
 */
import net from 'node:net';
import { Code, createClient, createHttp2Transport, loadProtoService, RpcError } from '@dubbo-mesh/sdk-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../../peers/grpc-server.js';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../../peers/test-service-definition.js';
import { tally } from '../tally.js';

const TestService = loadProtoService<{ unary: 'unary' }>(TEST_PROTO_PATH, TEST_SERVICE_NAME);
const AREA = 'half-open connection';
const KEEPALIVE = { intervalMs: 200, timeoutMs: 300 };
const SLACK_MS = 2_000;

/** A relay whose existing connections can be frozen (bytes dropped silently); new ones flow. */
interface FreezingRelay {
  readonly port: number;
  /** Stops forwarding on every connection open now; sockets stay open. */
  freezeOpenConnections(): void;
  close(): Promise<void>;
}

async function startFreezingRelay(targetPort: number): Promise<FreezingRelay> {
  const frozen = new WeakSet<net.Socket>();
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    open.add(client);
    client.on('data', (bytes) => frozen.has(client) || upstream.write(bytes));
    upstream.on('data', (bytes) => frozen.has(client) || client.write(bytes));
    for (const socket of [client, upstream]) socket.on('error', () => undefined);
    client.on('close', () => {
      open.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    freezeOpenConnections: () => {
      for (const socket of open) frozen.add(socket);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('a half-open connection', () => {
  let peer: GrpcPeer;
  let relay: FreezingRelay;

  beforeAll(async () => {
    peer = await startGrpcServer({ name: 'behind-relay' });
    relay = await startFreezingRelay(peer.port!);
  });
  afterAll(async () => {
    await relay?.close();
    await peer?.close();
  });

  it('is detected by keepalive within interval + timeout, and the channel reconnects', async () => {
    const transport = createHttp2Transport(`127.0.0.1:${relay.port}`, { keepalive: KEEPALIVE });
    const client = createClient(TestService, transport);
    try {
      expect((await client.unary({ message: 'before' })).server).toBe('behind-relay');
      const inFlight = client.unary({ message: 'during', delayMs: 200 }).catch((e: unknown) => e);
      relay.freezeOpenConnections();
      tally('fault', 1, AREA);
      const started = performance.now();
      const error = await inFlight;
      const detectedMs = performance.now() - started;
      expect(error).toBeInstanceOf(RpcError);
      expect((error as RpcError).code, String(error)).toBe(Code.Unavailable);
      expect(transport.channel.stats.pingTimeouts).toBeGreaterThanOrEqual(1);
      expect(detectedMs).toBeLessThan(KEEPALIVE.intervalMs + KEEPALIVE.timeoutMs + SLACK_MS);
      // A new connection through the relay: calls work again without any intervention.
      expect((await client.unary({ message: 'after' }, { timeoutMs: 5_000 })).server).toBe('behind-relay');
      expect(transport.channel.stats.sessionsOpened).toBeGreaterThanOrEqual(2);
      tally('call', 3, AREA);
    } finally {
      await transport.close();
    }
  });
});
