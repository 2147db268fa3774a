/**
 * The HTTP/2 traps of http2-notes.md, each provoked by a real node:http2 server: GOAWAY with
 * streams above its last-stream-id, REFUSED_STREAM, a peer that stops answering (keepalive), a
 * server that honours SETTINGS_MAX_CONCURRENT_STREAMS.
 */
import http2 from 'node:http2';
import net from 'node:net';
import {
  Code,
  createClient,
  createHttp2Transport,
  javaService,
  RpcError,
  wasConnectionLost,
  wasNotSent,
} from '@dubbo-mesh/sdk-core';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** A raw-bytes service: the test server echoes request bodies, so any encoding will do. */
const Echo = javaService({
  interface: 'test.Echo',
  methods: { echo: { args: ['java.lang.String'], returns: 'java.lang.String', idempotent: true } },
} as const);

type Handler = (stream: http2.ServerHttp2Stream, session: http2.ServerHttp2Session, index: number) => void;

/** Answers a wrapper call by echoing the request's first argument bytes as the response data. */
function reply(stream: http2.ServerHttp2Stream): void {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => {
    if (stream.destroyed) return;
    const body = Buffer.concat(chunks).subarray(5);
    // TripleRequestWrapper{1: serializeType, 2: arg, 3: argType} → TripleResponseWrapper{1, 2, 3}: same layout.
    const frame = Buffer.alloc(5 + body.length);
    frame.writeUInt32BE(body.length, 1);
    body.copy(frame, 5);
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    stream.end(frame);
  });
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function startServer(
  handler: Handler,
  settings?: http2.Settings,
  port = 0,
): Promise<{ port: number; streams: number; close(): Promise<void> }> {
  const server = http2.createServer({ settings });
  const state = { port: 0, streams: 0, close: (): Promise<void> => Promise.resolve() };
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
    s.on('error', () => {});
  });
  server.on('stream', (stream, _headers) => {
    stream.on('error', () => {});
    handler(stream, stream.session as http2.ServerHttp2Session, state.streams++);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  state.port = (server.address() as net.AddressInfo).port;
  let closed: Promise<void> | undefined;
  state.close = () => {
    closed ??= new Promise<void>((resolve) => {
      for (const s of sessions) s.destroy();
      server.close(() => resolve());
    });
    return closed;
  };
  closers.push(state.close);
  return state;
}

describe('HTTP/2 faults', () => {
  it('re-sends streams above a GOAWAY last-stream-id on a new session: no call fails', async () => {
    let goaways = 0;
    const perSession = new Map<http2.ServerHttp2Session, number>();
    const server = await startServer((stream, session) => {
      // The 20th stream of each session: tell the client to go away, keeping only streams already
      // accepted. Once per session: a second GOAWAY with a higher id would be a protocol error.
      const n = (perSession.get(session) ?? 0) + 1;
      perSession.set(session, n);
      if (n === 20) {
        goaways++;
        session.goaway(http2.constants.NGHTTP2_NO_ERROR, stream.id);
      }
      reply(stream);
    });
    const transport = createHttp2Transport(`127.0.0.1:${server.port}`);
    closers.push(() => transport.close());
    const echo = createClient(Echo, transport);
    const results = await Promise.allSettled(Array.from({ length: 300 }, (_, i) => echo.echo(`m${i}`)));
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toEqual([]);
    expect(goaways).toBeGreaterThan(0);
    expect(transport.channel.stats.goawaysReceived).toBeGreaterThan(0);
    expect(transport.channel.stats.sessionsOpened).toBeGreaterThan(1);
  });

  it('re-sends a refused stream (RST_STREAM REFUSED_STREAM)', async () => {
    const server = await startServer((stream, _session, index) => {
      if (index === 0) stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
      else reply(stream);
    });
    const transport = createHttp2Transport(`127.0.0.1:${server.port}`);
    closers.push(() => transport.close());
    await expect(createClient(Echo, transport).echo('again')).resolves.toBe('again');
    expect(server.streams).toBe(2);
  });

  it('does not re-send a stream the server reset after accepting it', async () => {
    const server = await startServer((stream) => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
      stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
    });
    const transport = createHttp2Transport(`127.0.0.1:${server.port}`);
    closers.push(() => transport.close());
    const err = await createClient(Echo, transport)
      .echo('x')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).code).toBe(Code.Internal);
    expect(wasNotSent(err)).toBe(false);
    expect(wasConnectionLost(err)).toBe(true);
    expect(server.streams).toBe(1);
  });

  it('detects a peer that stops answering with keepalive PINGs', async () => {
    const server = await startServer(() => {
      /* never answers: the call hangs until keepalive gives up */
    });
    // A TCP relay that can be frozen: bytes stop flowing both ways, the socket stays open (half-open).
    let frozen = false;
    const relay = net.createServer((client) => {
      const upstream = net.connect(server.port, '127.0.0.1');
      client.on('data', (d) => frozen || upstream.write(d));
      upstream.on('data', (d) => frozen || client.write(d));
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => relay.close(() => resolve())));
    const port = (relay.address() as net.AddressInfo).port;

    const transport = createHttp2Transport(`127.0.0.1:${port}`, {
      keepalive: { intervalMs: 100, timeoutMs: 200 },
    });
    closers.push(() => transport.close());
    const call = createClient(Echo, transport).echo('hang');
    await new Promise((r) => setTimeout(r, 50));
    frozen = true;
    const started = Date.now();
    const err = (await call.catch((e: unknown) => e)) as RpcError;
    expect(err).toBeInstanceOf(RpcError);
    expect(err.code).toBe(Code.Unavailable);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(transport.channel.stats.pingTimeouts).toBe(1);
  });

  it('respects the peer SETTINGS_MAX_CONCURRENT_STREAMS', async () => {
    let inFlight = 0;
    let maxPerSession = 0;
    const perSession = new Map<http2.ServerHttp2Session, number>();
    const server = await startServer(
      (stream, session) => {
        inFlight++;
        const n = (perSession.get(session) ?? 0) + 1;
        perSession.set(session, n);
        maxPerSession = Math.max(maxPerSession, n);
        stream.on('close', () => {
          inFlight--;
          perSession.set(session, (perSession.get(session) ?? 1) - 1);
        });
        setTimeout(() => reply(stream), 20);
      },
      { maxConcurrentStreams: 5 },
    );
    const transport = createHttp2Transport(`127.0.0.1:${server.port}`);
    closers.push(() => transport.close());
    const echo = createClient(Echo, transport);
    await echo.echo('warm-up'); // learns the peer's SETTINGS
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => echo.echo(`c${i}`)));
    expect(results).toHaveLength(60);
    expect(maxPerSession).toBeLessThanOrEqual(5);
    expect(inFlight).toBe(0);
  });

  it('fails fast while the server is down, then reconnects with backoff when it is back', async () => {
    const first = await startServer((stream) => reply(stream));
    const transport = createHttp2Transport(`127.0.0.1:${first.port}`, {
      backoff: { initialMs: 50, maxMs: 200 },
    });
    closers.push(() => transport.close());
    const echo = createClient(Echo, transport);
    await expect(echo.echo('before')).resolves.toBe('before');

    await first.close();
    const down = await echo.echo('down').catch((e: unknown) => e);
    expect(down).toBeInstanceOf(RpcError);
    expect((down as RpcError).code).toBe(Code.Unavailable);
    expect(wasNotSent(down)).toBe(true);

    await startServer((stream) => reply(stream), undefined, first.port);
    await vi.waitFor(async () => expect(await echo.echo('after')).toBe('after'), {
      timeout: 5000,
      interval: 50,
    });
    expect(transport.channel.state).toBe('ready');
    expect(transport.channel.stats.sessionsOpened).toBeGreaterThanOrEqual(2);
  });
});
