/**
 * sdk-core's own HTTP/2 server (createDirectServer, the sidecar's default inbound engine) against
 * real clients: node:http2 (nghttp2) and @grpc/grpc-js. A small gRPC-style handler echoes request
 * bytes, streams them back several times, fails with a trailers-only status, or waits to be
 * cancelled, so every response shape the sidecar sends crosses a real peer.
 */
import http2 from 'node:http2';
import { connect } from 'node:net';
import {
  createDirectServer,
  type DirectServer,
  type DirectServerSession,
  type InboundStream,
} from '@dubbo-mesh/sdk-core';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grpcFrame } from '../peers/grpc-frames.js';
import { releaseSocketPath, tempSocketPath } from '../peers/temp-socket.js';

const GRPC_HEADERS = { ':status': 200, 'content-type': 'application/grpc' };
const WINDOW_BYTES = 4 * 1024 * 1024;

/** Streams the handler saw end, with the RST_STREAM code they closed with. */
const closedWith = new Map<string, number | undefined>();

function serve(stream: InboundStream, headers: http2.IncomingHttpHeaders): void {
  const path = headers[':path'] ?? '';
  const tag = typeof headers['x-tag'] === 'string' ? headers['x-tag'] : undefined;
  if (tag !== undefined) {
    stream.on('close', function (this: InboundStream) {
      closedWith.set(tag, this.rstCode);
    });
  }
  if (path.endsWith('/Fail')) {
    stream.resume();
    stream.respond({ ...GRPC_HEADERS, 'grpc-status': 5, 'grpc-message': 'not found' }, { endStream: true });
    return;
  }
  if (path.endsWith('/Hang')) {
    stream.resume();
    stream.respond(GRPC_HEADERS, { waitForTrailers: true });
    return;
  }
  const chunks: Buffer[] = [];
  stream.on('data', (chunk) => chunks.push(chunk));
  stream.on('end', () => {
    const body = Buffer.concat(chunks);
    const copies = path.endsWith('/Stream') ? 3 : 1;
    stream.respond({ ...GRPC_HEADERS, 'x-echo': headers['x-echo'] ?? 'none' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': 0, 'x-copies': copies }));
    for (let i = 0; i < copies; i++) stream.write(body);
    stream.end();
  });
}

let socketPath: string;
let server: DirectServer;
const sessions: DirectServerSession[] = [];

beforeAll(async () => {
  socketPath = tempSocketPath('direct.sock');
  server = createDirectServer({
    initialWindowSize: WINDOW_BYTES,
    maxHeaderListBytes: 65_535,
    maxConcurrentStreams: 1000,
  });
  server.on('session', (session) => {
    session.on('error', () => {});
    sessions.push(session);
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    serve(stream, headers as http2.IncomingHttpHeaders);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});

afterAll(async () => {
  for (const session of sessions) session.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  releaseSocketPath(socketPath);
});

describe('a node:http2 client against the direct server', () => {
  let session: http2.ClientHttp2Session;

  beforeAll(() => {
    session = http2.connect('http://direct', { createConnection: () => connect(socketPath) });
    session.on('error', () => {});
  });
  afterAll(() => session.destroy());

  interface Reply {
    headers: http2.IncomingHttpHeaders;
    trailers: http2.IncomingHttpHeaders | undefined;
    body: Buffer;
    rstCode: number;
  }

  function request(path: string, body: Buffer, extra: http2.OutgoingHttpHeaders = {}): Promise<Reply> {
    return new Promise((resolve) => {
      const stream = session.request({
        ':method': 'POST',
        ':path': path,
        'content-type': 'application/grpc',
        te: 'trailers',
        ...extra,
      });
      const reply: Reply = { headers: {}, trailers: undefined, body: Buffer.alloc(0), rstCode: 0 };
      const chunks: Buffer[] = [];
      stream.on('response', (headers) => {
        reply.headers = headers;
      });
      stream.on('trailers', (trailers) => {
        reply.trailers = trailers;
      });
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', () => {});
      stream.on('close', () => {
        reply.body = Buffer.concat(chunks);
        reply.rstCode = stream.rstCode ?? 0;
        resolve(reply);
      });
      stream.end(body);
    });
  }

  it('gets response headers, the echoed body and trailers', async () => {
    const body = grpcFrame(Buffer.from('hello'));
    const reply = await request('/echo.Echo/Say', body, { 'x-echo': 'yes' });
    expect(reply.headers[':status']).toBe(200);
    expect(reply.headers['x-echo']).toBe('yes');
    expect(reply.body.equals(body)).toBe(true);
    expect(reply.trailers?.['grpc-status']).toBe('0');
    expect(reply.rstCode).toBe(0);
  });

  it('moves a 6 MiB body each way, within flow control', async () => {
    const body = Buffer.alloc(6 * 1024 * 1024);
    for (let i = 0; i < body.length; i += 1000) body[i] = i & 0xff;
    const reply = await request('/echo.Echo/Say', body);
    expect(reply.body.equals(body)).toBe(true);
    expect(reply.trailers?.['grpc-status']).toBe('0');
  });

  it('runs 200 concurrent streams on one connection', async () => {
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) => request('/echo.Echo/Say', Buffer.from(`n${i}`))),
    );
    expect(replies.map((reply) => reply.body.toString())).toEqual(replies.map((_, i) => `n${i}`));
  });

  it('gets a trailers-only status', async () => {
    const reply = await request('/echo.Echo/Fail', Buffer.alloc(0));
    expect(reply.headers['grpc-status']).toBe('5');
    expect(reply.headers['grpc-message']).toBe('not found');
    expect(reply.trailers).toBeUndefined();
  });

  it('has a request it resets reach the handler as a close with its code', async () => {
    const stream = session.request({ ':method': 'POST', ':path': '/echo.Echo/Hang', 'x-tag': 'node-rst' });
    stream.on('error', () => {});
    await new Promise<void>((resolve) => stream.on('response', () => resolve()));
    stream.close(http2.constants.NGHTTP2_CANCEL);
    await expect.poll(() => closedWith.get('node-rst')).toBe(http2.constants.NGHTTP2_CANCEL);
  });

  it('rejects a malformed request on its own stream (PROTOCOL_ERROR) and keeps the connection', async () => {
    // nghttp2 refuses to send most malformed fields itself; a relative :path is one it sends.
    const reply = await new Promise<number>((resolve) => {
      const stream = session.request({ ':method': 'POST', ':path': 'relative/path' });
      stream.on('error', () => {});
      stream.on('close', () => resolve(stream.rstCode ?? 0));
      stream.end();
    });
    expect(reply).toBe(http2.constants.NGHTTP2_PROTOCOL_ERROR);
    expect((await request('/echo.Echo/Say', Buffer.from('after'))).body.toString()).toBe('after');
  });
});

describe('a @grpc/grpc-js client against the direct server', () => {
  let client: grpc.Client;
  const identity = (value: Buffer): Buffer => value;

  beforeAll(() => {
    client = new grpc.Client(`unix:${socketPath}`, grpc.credentials.createInsecure());
  });
  afterAll(() => client.close());

  function unary(path: string, message: Buffer, metadata = new grpc.Metadata()): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      client.makeUnaryRequest(path, identity, identity, message, metadata, (error, value) =>
        error ? reject(error) : resolve(value!),
      );
    });
  }

  it('makes unary calls, with metadata', async () => {
    const metadata = new grpc.Metadata();
    metadata.set('x-echo', 'from-grpc-js');
    let echoed: grpc.MetadataValue[] = [];
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const call = client.makeUnaryRequest(
        '/echo.Echo/Say',
        identity,
        identity,
        Buffer.from('grpc-js'),
        metadata,
        (error, value) => (error ? reject(error) : resolve(value!)),
      );
      call.on('metadata', (received) => {
        echoed = received.get('x-echo');
      });
    });
    expect(reply.toString()).toBe('grpc-js');
    expect(echoed).toEqual(['from-grpc-js']);
    const big = Buffer.alloc(3 * 1024 * 1024, 9);
    expect((await unary('/echo.Echo/Say', big)).equals(big)).toBe(true);
  });

  it('reads a server stream to its trailers', async () => {
    const messages = await new Promise<Buffer[]>((resolve, reject) => {
      const received: Buffer[] = [];
      const call = client.makeServerStreamRequest('/echo.Echo/Stream', identity, identity, Buffer.from('s'));
      call.on('data', (message: Buffer) => received.push(message));
      call.on('error', reject);
      call.on('status', (status: grpc.StatusObject) => {
        if (status.code === grpc.status.OK) resolve(received);
        else reject(new Error(status.details));
      });
    });
    expect(messages.map(String)).toEqual(['s', 's', 's']);
  });

  it('gets a trailers-only status as the call error', async () => {
    await expect(unary('/echo.Echo/Fail', Buffer.alloc(0))).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
      details: 'not found',
    });
  });

  it('cancels: the handler sees the stream close with CANCEL', async () => {
    const metadata = new grpc.Metadata();
    metadata.set('x-tag', 'grpc-cancel');
    const call = client.makeUnaryRequest(
      '/echo.Echo/Hang',
      identity,
      identity,
      Buffer.from('x'),
      metadata,
      () => {},
    );
    await new Promise<void>((resolve) => call.on('metadata', () => resolve()));
    call.cancel();
    await expect.poll(() => closedWith.get('grpc-cancel')).toBe(http2.constants.NGHTTP2_CANCEL);
  });
});
