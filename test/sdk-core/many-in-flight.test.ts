/**
 * Many calls in flight on one transport (issue 5, "10,000 concurrent in-flight calls without
 * error"). A Node HTTP/2 session stops reading its socket while one of its own writes is pending;
 * 10,000 request HEADERS written in one burst to a @grpc/grpc-js server that is busy writing
 * responses filled both socket buffers and the connection deadlocked (about one run in two). The
 * channel now puts at most `maxStreamsPerSession` streams on a session and queues the other calls
 * (http2-channel.ts). Here: 10,000 calls against a real grpc-js server on a UDS that answers each
 * after 100 ms, with and without a server limit of 1,000 concurrent streams, and the queue itself
 * (order, deadline while queued, close) against a raw node:http2 server that holds its answers.
 */
import { once } from 'node:events';
import http2 from 'node:http2';
import {
  Code,
  createClient,
  createHttp2Transport,
  loadProtoService,
  RpcError,
  wasNotSent,
} from '@dubbo-mesh/sdk-core';
import {
  type ChannelOptions,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type sendUnaryData,
} from '@grpc/grpc-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { releaseSocketPath, tempSocketPath } from '../peers/temp-socket.js';
import {
  loadTestServiceDefinition,
  TEST_PROTO_PATH,
  TEST_SERVICE_NAME,
} from '../peers/test-service-definition.js';

const TestService = loadProtoService<{ unary: 'unary' }>(TEST_PROTO_PATH, TEST_SERVICE_NAME);

const CALLS = 10_000;
const REPLY_DELAY_MS = 100;

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

interface EchoMessage {
  message?: string;
}

/** A grpc-js server whose Unary echoes `message` after REPLY_DELAY_MS; counts the calls it holds. */
async function startDelayedEcho(
  maxStreams?: number,
): Promise<{ socketPath: string; held: number; maxHeld: number }> {
  const socketPath = tempSocketPath('inflight.sock');
  const options: ChannelOptions =
    maxStreams === undefined ? {} : { 'grpc.max_concurrent_streams': maxStreams };
  const server = new Server(options);
  const state = { socketPath, held: 0, maxHeld: 0 };
  const unary = (
    call: ServerUnaryCall<EchoMessage, EchoMessage>,
    callback: sendUnaryData<EchoMessage>,
  ): void => {
    state.maxHeld = Math.max(state.maxHeld, ++state.held);
    setTimeout(() => {
      state.held--;
      callback(null, { message: call.request.message });
    }, REPLY_DELAY_MS);
  };
  server.addService(loadTestServiceDefinition(), { Unary: unary });
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix:${socketPath}`, ServerCredentials.createInsecure(), (err) =>
      err ? reject(err) : resolve(),
    ),
  );
  closers.push(async () => {
    server.forceShutdown();
    releaseSocketPath(socketPath);
  });
  return state;
}

describe.each([
  ['no stream limit', undefined],
  ['a limit of 1,000 concurrent streams', 1000],
])('10,000 unary calls in flight on one transport, grpc-js server with %s', (_label, maxStreams) => {
  it('all succeed, each with its own answer, on at most 4 sessions', { timeout: 60_000 }, async () => {
    const server = await startDelayedEcho(maxStreams);
    // Keepalive as an app has it: the calls must not starve the PING acks either.
    const transport = createHttp2Transport(`unix:${server.socketPath}`);
    closers.push(() => transport.close());
    const client = createClient(TestService, transport);
    await client.unary({ message: 'warm-up' }); // connected, the peer's SETTINGS known

    const calls = Array.from({ length: CALLS }, (_, i) => client.unary({ message: `m${i}` }));
    const outcomes = await Promise.allSettled(calls);

    const failures = outcomes.filter((o) => o.status === 'rejected');
    expect(failures.slice(0, 3)).toEqual([]);
    const wrong = outcomes.filter((o, i) => o.status === 'fulfilled' && o.value.message !== `m${i}`);
    expect(wrong).toHaveLength(0);
    const stats = transport.channel.stats;
    expect(stats.sessionsOpened).toBeLessThanOrEqual(4);
    expect(stats.pingTimeouts).toBe(0);
    // 4 sessions × 1,000 streams on the wire at most; the rest waited in the channel.
    expect(server.maxHeld).toBeLessThanOrEqual(4 * 1000);
    expect(stats.callsQueued).toBeGreaterThanOrEqual(CALLS - 4 * 1000);
  });
});

/** A raw server that holds every request until `answerAll()`; answers are empty EchoResponses. */
async function startHoldingServer(): Promise<{
  port: number;
  seen: number;
  answerAll(): void;
  /** Graceful GOAWAY on every session: held streams may still be answered, new ones go elsewhere. */
  goAway(): void;
}> {
  const held: http2.ServerHttp2Stream[] = [];
  const state = {
    port: 0,
    seen: 0,
    goAway(): void {},
    answerAll(): void {
      for (const stream of held.splice(0)) {
        if (stream.destroyed) continue;
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end(Buffer.from([0, 0, 0, 0, 0]));
      }
    },
  };
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  const goAway = (): void => {
    for (const s of sessions) s.close();
  };
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
    s.on('error', () => {});
  });
  server.on('stream', (stream) => {
    state.seen++;
    stream.on('error', () => {});
    stream.resume();
    held.push(stream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  state.port = (server.address() as { port: number }).port;
  Object.assign(state, { goAway });
  closers.push(async () => {
    for (const s of sessions) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return state;
}

describe('calls waiting for a stream (maxStreamsPerSession 2, maxSessions 1)', () => {
  async function setUp() {
    const server = await startHoldingServer();
    const transport = createHttp2Transport(`127.0.0.1:${server.port}`, {
      maxStreamsPerSession: 2,
      maxSessions: 1,
    });
    closers.push(() => transport.close());
    return { server, transport, client: createClient(TestService, transport) };
  }

  it('wait in the channel, not on the wire, and all complete as streams free up', async () => {
    const { server, transport, client } = await setUp();
    const calls = Array.from({ length: 5 }, (_, i) => client.unary({ message: `q${i}` }));
    await vi.waitFor(() => expect(server.seen).toBe(2));
    expect(transport.channel.stats.callsQueued).toBe(3);
    // Each answer frees streams for the next waiting calls.
    await vi.waitFor(
      () => {
        server.answerAll();
        expect(server.seen).toBe(5);
      },
      { timeout: 5000, interval: 20 },
    );
    server.answerAll();
    await expect(Promise.all(calls)).resolves.toHaveLength(5);
    expect(transport.channel.stats.sessionsOpened).toBe(1);
  });

  it('a queued call whose deadline passes fails DEADLINE_EXCEEDED and never reaches the server', async () => {
    const { server, client } = await setUp();
    const first = [client.unary({ message: 'a' }), client.unary({ message: 'b' })];
    await vi.waitFor(() => expect(server.seen).toBe(2));
    const late = client.unary({ message: 'late' }, { timeoutMs: 50 }).catch((e: unknown) => e);
    const error = await late;
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(Code.DeadlineExceeded);
    const next = client.unary({ message: 'next' });
    server.answerAll();
    await expect(Promise.all(first)).resolves.toHaveLength(2);
    await vi.waitFor(() => expect(server.seen).toBe(3));
    server.answerAll();
    await expect(next).resolves.toBeDefined();
    expect(server.seen).toBe(3);
  });

  it('a GOAWAY lets the queued calls open the next session at once', async () => {
    const { server, transport, client } = await setUp();
    const calls = Array.from({ length: 4 }, (_, i) => client.unary({ message: `g${i}` }));
    await vi.waitFor(() => expect(server.seen).toBe(2));
    server.goAway();
    // The two queued calls go to a new session while the first two are still held on the old one.
    await vi.waitFor(() => expect(server.seen).toBe(4));
    expect(transport.channel.stats.sessionsOpened).toBe(2);
    server.answerAll();
    await expect(Promise.all(calls)).resolves.toHaveLength(4);
  });

  it('maxStreamsPerSession must be a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => createHttp2Transport('127.0.0.1:1', { maxStreamsPerSession: bad })).toThrow(
        /maxStreamsPerSession must be a positive integer/,
      );
    }
  });

  it('close() fails the queued calls UNAVAILABLE, marked not sent', async () => {
    const { server, transport, client } = await setUp();
    const held = [client.unary({ message: 'a' }), client.unary({ message: 'b' })].map((p) =>
      p.catch((e: unknown) => e),
    );
    await vi.waitFor(() => expect(server.seen).toBe(2));
    const queued = client.unary({ message: 'queued' }).catch((e: unknown) => e);
    await transport.close();
    const error = await queued;
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(Code.Unavailable);
    expect(wasNotSent(error)).toBe(true);
    await Promise.all(held);
    expect(server.seen).toBe(2);
  });
});
