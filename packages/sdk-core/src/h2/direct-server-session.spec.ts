import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { IncomingHeaders } from '@dubbo-mesh/codec-triple';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NGHTTP2_CANCEL, NGHTTP2_ENHANCE_YOUR_CALM, NGHTTP2_REFUSED_STREAM } from '../http2-error-codes.js';
import type { InboundStream } from '../inbound-stream.js';
import { createDirectServer, type DirectServer, type DirectServerOptions } from './direct-server.js';
import type { DirectServerSession } from './direct-server-session.js';
import type { DirectServerStream } from './direct-server-stream.js';
import { DirectSession } from './direct-session.js';
import type { DirectStream } from './direct-stream.js';
import * as f from './frame-types.js';
import { frame, headersFrames } from './frame-writer.js';
import { RawClient } from './raw-client.fixture.js';

const OPTIONS: DirectServerOptions = {
  initialWindowSize: 4 * 1024 * 1024,
  maxHeaderListBytes: 65_535,
  maxConcurrentStreams: 100,
};

/** Answers every request with its own body, after the request ends, then `grpc-status: 0`. */
function echo(stream: InboundStream, headers: IncomingHeaders): void {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk) => chunks.push(chunk));
  stream.on('end', () => {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () =>
      stream.sendTrailers({ 'grpc-status': '0', 'x-path': String(headers[':path']) }),
    );
    stream.write(Buffer.concat(chunks));
    stream.end();
  });
}

interface Served {
  readonly stream: DirectServerStream;
  readonly headers: IncomingHeaders;
}

let dir: string;
let socketPath: string;
let server: DirectServer;
let handler: (stream: InboundStream, headers: IncomingHeaders) => void;
let served: Served[];
let sessions: DirectServerSession[];
let clients: Array<{ destroy(): void }>;

async function listen(options: DirectServerOptions = OPTIONS): Promise<void> {
  server = createDirectServer(options);
  server.on('session', (session) => {
    session.on('error', () => {});
    sessions.push(session);
  });
  server.on('stream', (stream, headers) => {
    served.push({ stream, headers });
    stream.on('error', () => {});
    handler(stream, headers);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
}

async function rawClient(allowHalfOpen = false): Promise<RawClient> {
  const client = await RawClient.connect(socketPath, allowHalfOpen);
  clients.push(client);
  return client;
}

function directClient(): DirectSession {
  const session = new DirectSession(net.connect(socketPath), {
    authority: 'test',
    scheme: 'http',
    initialWindowSize: 4 * 1024 * 1024,
    maxHeaderListBytes: 65_535,
  });
  session.on('error', () => {});
  clients.push(session);
  return session;
}

interface Outcome {
  response: IncomingHeaders | undefined;
  trailers: IncomingHeaders | undefined;
  body: Buffer;
  rstCode: number | undefined;
}

/** One call on our client: sends `body`, resolves on 'close' with what came back. */
function call(session: DirectSession, body: Buffer, requestPath = '/demo.Echo/Say'): Promise<Outcome> {
  return new Promise((resolve) => {
    const stream: DirectStream = session.request(
      { ':method': 'POST', ':path': requestPath, 'content-type': 'application/grpc', te: 'trailers' },
      { endStream: false },
    );
    const outcome: Outcome = {
      response: undefined,
      trailers: undefined,
      body: Buffer.alloc(0),
      rstCode: undefined,
    };
    const chunks: Buffer[] = [];
    stream.on('response', (headers) => {
      outcome.response = headers;
    });
    stream.on('trailers', (headers) => {
      outcome.trailers = headers;
    });
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('error', () => {});
    stream.on('close', () => {
      outcome.body = Buffer.concat(chunks);
      outcome.rstCode = stream.rstCode;
      resolve(outcome);
    });
    stream.end(body);
  });
}

function nextTicks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'direct-server-'));
  socketPath = path.join(dir, 'server.sock');
  handler = echo;
  served = [];
  sessions = [];
  clients = [];
});

afterEach(async () => {
  for (const client of clients) client.destroy();
  for (const session of sessions) session.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('DirectServerSession with our own client', () => {
  it('answers calls: response headers, body and trailers, on one connection', async () => {
    await listen();
    const session = directClient();
    for (const size of [0, 5, 100_000]) {
      const body = Buffer.alloc(size, size & 0xff);
      const outcome = await call(session, body, `/demo.Echo/Say${size}`);
      expect(outcome.rstCode).toBe(0);
      expect(outcome.response?.[':status']).toBe('200');
      expect(outcome.trailers).toMatchObject({ 'grpc-status': '0', 'x-path': `/demo.Echo/Say${size}` });
      expect(outcome.body.equals(body)).toBe(true);
    }
    expect(sessions).toHaveLength(1);
  });

  it('moves 8 MiB each way through 4 MiB windows', async () => {
    await listen();
    const body = Buffer.alloc(8 * 1024 * 1024);
    for (let i = 0; i < body.length; i += 4096) body[i] = i & 0xff;
    const outcome = await call(directClient(), body);
    expect(outcome.rstCode).toBe(0);
    expect(outcome.body.equals(body)).toBe(true);
  });

  it('runs calls concurrently and passes request headers as decoded fields', async () => {
    await listen();
    const session = directClient();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(session, Buffer.from(`call ${i}`), `/demo.Echo/M${i}`)),
    );
    expect(outcomes.map((outcome) => outcome.body.toString())).toEqual(outcomes.map((_, i) => `call ${i}`));
    expect(served[0]!.headers).toMatchObject({
      ':method': 'POST',
      ':scheme': 'http',
      ':authority': 'test',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
  });

  it('sends a trailers-only response in one HEADERS frame', async () => {
    handler = (stream) => {
      stream.resume();
      stream.respond(
        { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': 12, 'grpc-message': 'no' },
        { endStream: true },
      );
    };
    await listen();
    const outcome = await call(directClient(), Buffer.from('x'));
    expect(outcome.response).toMatchObject({ ':status': '200', 'grpc-status': '12', 'grpc-message': 'no' });
    expect(outcome.trailers).toBeUndefined();
    expect(outcome.rstCode).toBe(0);
  });

  it('holds request data while paused and delivers it, then end, on resume', async () => {
    const events: string[] = [];
    let held: InboundStream | undefined;
    handler = (stream) => {
      stream.pause();
      stream.on('data', (chunk) => events.push(`data:${chunk.length}`));
      stream.on('end', () => {
        events.push('end');
        stream.respond({ ':status': 200, 'grpc-status': '0' }, { endStream: true });
      });
      held = stream;
    };
    await listen();
    const done = call(directClient(), Buffer.alloc(1000));
    while (served.length === 0) await nextTicks();
    for (let i = 0; i < 5; i++) await nextTicks();
    expect(events).toEqual([]);
    held!.resume();
    const outcome = await done;
    expect(events).toEqual(['data:1000', 'end']);
    expect(outcome.response?.['grpc-status']).toBe('0');
  });

  it('closes the stream with the code of the client RST_STREAM, mid-response', async () => {
    const closes: Array<number | undefined> = [];
    handler = (stream) => {
      stream.resume();
      stream.respond({ ':status': 200 }, { waitForTrailers: true });
      stream.write(Buffer.from('partial'));
      stream.on('close', function (this: InboundStream) {
        closes.push(this.rstCode);
      });
    };
    await listen();
    const session = directClient();
    const stream = session.request({ ':method': 'POST', ':path': '/demo.Echo/Say' }, { endStream: false });
    stream.on('error', () => {});
    await new Promise<void>((resolve) => stream.on('response', () => resolve()));
    stream.close(NGHTTP2_CANCEL);
    while (closes.length === 0) await nextTicks();
    expect(closes).toEqual([NGHTTP2_CANCEL]);
    const [{ stream: inbound }] = served as [Served];
    expect(inbound.closed).toBe(true);
    expect(inbound.write(Buffer.from('late'))).toBe(false);
    // The connection carries on.
    handler = echo;
    expect((await call(session, Buffer.from('next'))).body.toString()).toBe('next');
  });
});

/**
 * A raw client with one request (stream 1) sent and received, left unanswered: the returned
 * function gives its server stream.
 */
async function oneOpenCall(): Promise<{ client: RawClient; pending: () => InboundStream }> {
  let pending: InboundStream | undefined;
  handler = (stream) => {
    stream.resume();
    pending = stream;
  };
  await listen();
  const client = await rawClient();
  await client.handshake();
  client.request(1, '/demo.Echo/Say', f.FLAG_END_STREAM);
  await client.roundTrip();
  return { client, pending: () => pending! };
}

describe('DirectServerSession against raw frames', () => {
  it('sends its SETTINGS first and opens the connection window', async () => {
    await listen();
    const client = await rawClient();
    await client.handshake();
    const settings = client.framesOf(f.FRAME_SETTINGS).find((r) => (r.flags & f.FLAG_ACK) === 0)!;
    const values = new Map<number, number>();
    for (let i = 0; i < settings.payload.length; i += 6) {
      values.set(settings.payload.readUInt16BE(i), settings.payload.readUInt32BE(i + 2));
    }
    expect(values.get(f.SETTINGS_MAX_CONCURRENT_STREAMS)).toBe(100);
    expect(values.get(f.SETTINGS_INITIAL_WINDOW_SIZE)).toBe(4 * 1024 * 1024);
    expect(values.get(f.SETTINGS_MAX_HEADER_LIST_SIZE)).toBe(65_535);
    expect(values.has(f.SETTINGS_ENABLE_PUSH)).toBe(false);
    expect(client.frames[0]!.type).toBe(f.FRAME_SETTINGS);
    const update = client.framesOf(f.FRAME_WINDOW_UPDATE, 0)[0]!;
    expect(update.payload.readUInt32BE(0)).toBe(4 * 1024 * 1024 - f.DEFAULT_WINDOW_BYTES);
  });

  it('closes a connection that does not start with the preface', async () => {
    await listen();
    const client = await rawClient();
    client.send(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    await client.closed();
    expect(served).toHaveLength(0);
  });

  it.each<[string, Record<string, string>]>([
    ['no :path', { ':method': 'POST', ':scheme': 'http' }],
    ['no :method', { ':scheme': 'http', ':path': '/a/b' }],
    ['no :scheme', { ':method': 'POST', ':path': '/a/b' }],
    ['a :status', { ':method': 'POST', ':scheme': 'http', ':path': '/a/b', ':status': '200' }],
    ['an unknown pseudo field', { ':method': 'POST', ':scheme': 'http', ':path': '/a/b', ':protocol': 'x' }],
    [
      'a pseudo field after a regular one',
      { ':method': 'POST', ':scheme': 'http', 'x-a': '1', ':path': '/a/b' },
    ],
    ['an upper-case name', { ':method': 'POST', ':scheme': 'http', ':path': '/a/b', 'X-Upper': '1' }],
    [
      'a connection-specific field',
      { ':method': 'POST', ':scheme': 'http', ':path': '/a/b', connection: 'close' },
    ],
    ['te other than trailers', { ':method': 'POST', ':scheme': 'http', ':path': '/a/b', te: 'gzip' }],
    ['a relative :path', { ':method': 'POST', ':scheme': 'http', ':path': 'a/b' }],
  ])('resets a request with %s (PROTOCOL_ERROR) and keeps the connection', async (_, fields) => {
    await listen();
    const client = await rawClient();
    await client.handshake();
    client.headers(1, fields, f.FLAG_END_STREAM);
    await client.roundTrip();
    expect(client.rstCode(1)).toBe(f.PROTOCOL_ERROR);
    expect(served).toHaveLength(0);
    client.request(3, '/demo.Echo/Say', f.FLAG_END_STREAM);
    await client.until(() => client.ended(3));
    expect(client.headerBlocks.get(3)?.at(-1)?.['grpc-status']).toBe('0');
  });

  it('gives repeated request fields as node:http2 does (joined; set-cookie a list)', async () => {
    await listen();
    const client = await rawClient();
    await client.handshake();
    const request = {
      ':method': 'POST',
      ':scheme': 'http',
      ':path': '/demo.Echo/Say',
      ':authority': 'test',
      'x-multi': 'a',
    };
    const block = Buffer.concat([client.encode(request), client.encode({ 'x-multi': 'b' })]);
    client.send(headersFrames(1, block, f.FLAG_END_STREAM, f.DEFAULT_MAX_FRAME_BYTES));
    await client.until(() => client.ended(1));
    expect(served[0]?.headers['x-multi']).toBe('a, b');
  });

  it('resets a request whose :method is repeated', async () => {
    await listen();
    const client = await rawClient();
    await client.handshake();
    // Two fields of one name: encoded as two literal blocks joined.
    const block = Buffer.concat([
      client.encode({ ':method': 'POST' }),
      client.encode({ ':method': 'GET', ':scheme': 'http', ':path': '/a/b' }),
    ]);
    client.send(headersFrames(1, block, f.FLAG_END_STREAM, f.DEFAULT_MAX_FRAME_BYTES));
    await client.roundTrip();
    expect(client.rstCode(1)).toBe(f.PROTOCOL_ERROR);
    expect(served).toHaveLength(0);
  });

  it('resets a header list over its SETTINGS_MAX_HEADER_LIST_SIZE with ENHANCE_YOUR_CALM', async () => {
    await listen({ ...OPTIONS, maxHeaderListBytes: 1000 });
    const client = await rawClient();
    await client.handshake();
    client.request(1, '/demo.Echo/Say', f.FLAG_END_STREAM, { 'x-big': 'v'.repeat(2000) });
    client.request(3, '/demo.Echo/Say', f.FLAG_END_STREAM);
    await client.until(() => client.ended(3));
    expect(client.rstCode(1)).toBe(NGHTTP2_ENHANCE_YOUR_CALM);
    expect(served.map((s) => s.stream.id)).toEqual([3]);
  });

  it('assembles request headers from HEADERS and CONTINUATION', async () => {
    await listen();
    const client = await rawClient();
    await client.handshake();
    const block = client.encode({
      ':method': 'POST',
      ':scheme': 'http',
      ':path': '/demo.Echo/Long',
      'x-long': 'l'.repeat(40_000),
    });
    // 16 KiB frames: HEADERS then two CONTINUATIONs.
    client.send(headersFrames(1, block, f.FLAG_END_STREAM, f.DEFAULT_MAX_FRAME_BYTES));
    await client.until(() => client.ended(1));
    expect(served[0]!.headers[':path']).toBe('/demo.Echo/Long');
    expect(served[0]!.headers['x-long']).toBe('l'.repeat(40_000));
  });

  it('ends the connection when another frame interrupts a header block', async () => {
    await listen();
    const client = await rawClient();
    await client.handshake();
    const block = client.encode({ ':method': 'POST', ':scheme': 'http', ':path': '/a/b' });
    client.send(frame(f.FRAME_HEADERS, 0, 1, block), frame(f.FRAME_DATA, 0, 1, Buffer.from('x')));
    await client.closed();
    const goaway = client.framesOf(f.FRAME_GOAWAY)[0]!;
    expect(goaway.payload.readUInt32BE(4)).toBe(f.PROTOCOL_ERROR);
    expect(served).toHaveLength(0);
  });

  it('strips padding from HEADERS and DATA and counts it against the windows', async () => {
    await listen();
    const client = await rawClient();
    await client.handshake();
    const block = client.encode({ ':method': 'POST', ':scheme': 'http', ':path': '/demo.Echo/Pad' });
    const paddedHeaders = Buffer.concat([Buffer.from([3]), block, Buffer.alloc(3)]);
    client.send(frame(f.FRAME_HEADERS, f.FLAG_END_HEADERS | f.FLAG_PADDED, 1, paddedHeaders));
    const paddedData = Buffer.concat([Buffer.from([10]), Buffer.from('hello'), Buffer.alloc(10)]);
    client.send(frame(f.FRAME_DATA, f.FLAG_PADDED | f.FLAG_END_STREAM, 1, paddedData));
    await client.until(() => client.ended(1));
    expect(served[0]!.headers[':path']).toBe('/demo.Echo/Pad');
    expect(client.body(1).toString()).toBe('hello');
  });

  it('resets a stream whose client sends past the stream window (FLOW_CONTROL_ERROR)', async () => {
    handler = (stream) => stream.pause();
    await listen({ ...OPTIONS, initialWindowSize: f.DEFAULT_WINDOW_BYTES });
    const client = await rawClient();
    await client.handshake();
    client.request(1);
    for (let sent = 0; sent <= f.DEFAULT_WINDOW_BYTES; sent += 16_384) client.data(1, Buffer.alloc(16_384));
    await client.roundTrip();
    expect(client.rstCode(1)).toBe(f.FLOW_CONTROL_ERROR);
    expect(served[0]!.stream.rstCode).toBe(f.FLOW_CONTROL_ERROR);
  });

  it('resets DATA after the request ended (STREAM_CLOSED) and ignores DATA on a closed stream', async () => {
    handler = (stream) => stream.resume();
    await listen();
    const client = await rawClient();
    await client.handshake();
    client.request(1, '/demo.Echo/Say', f.FLAG_END_STREAM);
    client.data(1, Buffer.from('late'));
    await client.roundTrip();
    expect(client.rstCode(1)).toBe(f.STREAM_CLOSED);
    // Stream 1 is closed now: more DATA on it is dropped, the connection stays.
    client.data(1, Buffer.from('later'));
    client.request(3, '/demo.Echo/Say', f.FLAG_END_STREAM);
    await client.roundTrip();
    expect(client.framesOf(f.FRAME_GOAWAY)).toHaveLength(0);
    expect(served.map((s) => s.stream.id)).toEqual([1, 3]);
  });

  it('ends the connection for DATA on an idle stream or a stream id that goes down', async () => {
    await listen();
    const client = await rawClient();
    await client.handshake();
    client.data(5, Buffer.from('x'));
    await client.closed();
    expect(client.framesOf(f.FRAME_GOAWAY)[0]!.payload.readUInt32BE(4)).toBe(f.PROTOCOL_ERROR);
  });

  it('holds DATA beyond the client stream window, pushes back, and emits drain once it is sent', async () => {
    let drains = 0;
    let firstWrite: boolean | undefined;
    handler = (stream) => {
      stream.resume();
      stream.respond({ ':status': 200 }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.on('drain', () => {
        drains++;
        stream.end();
      });
      firstWrite = stream.write(Buffer.alloc(50_000, 7));
    };
    await listen();
    const client = await rawClient();
    await client.handshake([[f.SETTINGS_INITIAL_WINDOW_SIZE, 1000]]);
    client.request(1, '/demo.Echo/Say', f.FLAG_END_STREAM);
    await client.until(() => client.body(1).length === 1000);
    await client.roundTrip();
    expect(firstWrite).toBe(false);
    expect(drains).toBe(0);
    expect(client.body(1).length).toBe(1000);
    client.windowUpdate(1, 49_000);
    await client.until(() => client.ended(1));
    expect(drains).toBe(1);
    expect(client.body(1).length).toBe(50_000);
    expect(client.headerBlocks.get(1)?.at(-1)?.['grpc-status']).toBe('0');
  });

  it('resets a paused stream with ENHANCE_YOUR_CALM once the connection holds maxHeldBytes', async () => {
    const paused: InboundStream[] = [];
    handler = (stream) => {
      stream.pause();
      paused.push(stream);
    };
    await listen({ ...OPTIONS, maxHeldBytes: 100_000 });
    const client = await rawClient();
    await client.handshake();
    client.request(1);
    client.request(3);
    for (let i = 0; i < 4; i++) client.data(1, Buffer.alloc(16_384));
    client.data(3, Buffer.alloc(16_384));
    client.data(3, Buffer.alloc(16_384));
    await client.roundTrip();
    // 65,536 held on stream 1, then 81,920 and 98,304 with stream 3: both under the limit.
    expect(client.rstCode(3)).toBeUndefined();
    client.data(3, Buffer.alloc(16_384));
    client.data(3, Buffer.alloc(16_384));
    await client.roundTrip();
    expect(client.rstCode(3)).toBe(NGHTTP2_ENHANCE_YOUR_CALM);
    expect(client.rstCode(1)).toBeUndefined();
    // The reset freed stream 3's bytes: stream 1 may take more, and reads what it held.
    client.data(1, Buffer.alloc(100), f.FLAG_END_STREAM);
    const received: number[] = [];
    paused[0]!.on('data', (chunk) => received.push(chunk.length));
    paused[0]!.resume();
    await new Promise<void>((resolve) => paused[0]!.on('end', () => resolve()));
    expect(received.reduce((a, b) => a + b, 0)).toBe(4 * 16_384 + 100);
  });

  it('answers PING', async () => {
    await listen();
    const client = await rawClient();
    await client.handshake();
    await client.roundTrip();
  });

  it('refuses streams beyond MAX_CONCURRENT_STREAMS', async () => {
    handler = (stream) => stream.resume();
    await listen({ ...OPTIONS, maxConcurrentStreams: 2 });
    const client = await rawClient();
    await client.handshake();
    client.request(1);
    client.request(3);
    client.request(5);
    await client.roundTrip();
    expect(client.rstCode(5)).toBe(NGHTTP2_REFUSED_STREAM);
    expect(served.map((s) => s.stream.id)).toEqual([1, 3]);
  });

  it('lets open streams finish after a client GOAWAY, then closes', async () => {
    const { client, pending } = await oneOpenCall();
    client.goaway(0, 0);
    await client.roundTrip();
    const [session] = sessions as [DirectServerSession];
    expect(session.closed).toBe(true);
    expect(session.destroyed).toBe(false);
    pending().respond({ ':status': 200, 'grpc-status': '0' }, { endStream: true });
    await client.until(() => client.ended(1));
    // Our GOAWAY names the last stream we took; the connection ends once the client hangs up.
    expect(client.framesOf(f.FRAME_GOAWAY)[0]!.payload.readUInt32BE(0)).toBe(1);
    client.end();
    await client.closed();
  });

  it('closes gracefully: GOAWAY with the last stream id, open streams finish, later ones are refused', async () => {
    const { client, pending } = await oneOpenCall();
    const [session] = sessions as [DirectServerSession];
    let closed = false;
    session.on('close', () => {
      closed = true;
    });
    session.close();
    const goaway = await client.waitFor((r) => r.type === f.FRAME_GOAWAY);
    expect(goaway.payload.readUInt32BE(0)).toBe(1);
    expect(goaway.payload.readUInt32BE(4)).toBe(0);
    client.request(3, '/demo.Echo/Say', f.FLAG_END_STREAM);
    await client.roundTrip();
    expect(client.rstCode(3)).toBe(NGHTTP2_REFUSED_STREAM);
    pending().respond({ ':status': 200, 'grpc-status': '0' }, { endStream: true });
    await client.until(() => client.ended(1));
    client.end();
    await client.closed();
    while (!closed) await nextTicks();
  });

  it('cuts a gracefully closed connection whose client never hangs up', async () => {
    await listen();
    const client = await rawClient(true);
    await client.handshake();
    const [session] = sessions as [DirectServerSession];
    const started = Date.now();
    const closed = new Promise<void>((resolve) => session.on('close', () => resolve()));
    session.close();
    await closed;
    expect(session.destroyed).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('closes its streams with CANCEL when the connection drops', async () => {
    const closes: Array<number | undefined> = [];
    handler = (stream) => {
      stream.resume();
      stream.on('close', function (this: InboundStream) {
        closes.push(this.rstCode);
      });
    };
    await listen();
    const client = await rawClient();
    await client.handshake();
    client.request(1);
    await client.roundTrip();
    client.destroy();
    while (closes.length === 0) await nextTicks();
    expect(closes).toEqual([NGHTTP2_CANCEL]);
  });
});
