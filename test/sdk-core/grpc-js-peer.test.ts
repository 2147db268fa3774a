/**
 * sdk-core against a real @grpc/grpc-js server, over TCP and over a Unix socket: every call kind,
 * metadata both ways, status codes, deadlines and cancellation as the server sees them.
 */
import { fileURLToPath } from 'node:url';
import {
  Code,
  createClient,
  createHttp2Transport,
  type Http2Transport,
  type Interceptor,
  loadProtoService,
  RpcError,
  wasConnectionLost,
  wasNotSent,
} from '@dubbo-mesh/sdk-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { tempSocketPath } from '../peers/temp-socket.js';

const protoPath = fileURLToPath(new URL('../peers/proto/test.proto', import.meta.url));
type TestKinds = {
  unary: 'unary';
  serverStream: 'server_streaming';
  clientStream: 'client_streaming';
  bidi: 'bidi_streaming';
};
const TestService = loadProtoService<TestKinds>(protoPath, 'dubbomesh.test.TestService', {
  version: '1.0.0',
  group: 'g1',
});

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof RpcError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe.each([
  ['TCP', () => startGrpcServer({ name: 'tcp' })],
  ['UDS', () => startGrpcServer({ name: 'uds', uds: tempSocketPath('grpc.sock') })],
])('sdk-core -> @grpc/grpc-js over %s', (_label, start) => {
  let peer: GrpcPeer;
  let transport: Http2Transport;
  let client: ReturnType<typeof createClient<typeof TestService>>;

  beforeAll(async () => {
    peer = await start();
    transport = createHttp2Transport(peer.address, { maxReceiveMessageBytes: 2 * 1024 * 1024 });
    client = createClient(TestService, transport, { application: 'it-consumer' });
  });
  afterAll(async () => {
    await transport.close();
    await peer.close();
  });

  it('makes a unary call with metadata both ways', async () => {
    let header: Record<string, unknown> = {};
    let trailer: Record<string, unknown> = {};
    const reply = await client.unary(
      { message: 'hi', payload: Buffer.from('abc') },
      {
        timeoutMs: 5000,
        attachments: { userId: '42', traceCtx: new Uint8Array([1, 2, 3]) },
        onHeader: (h) => {
          header = h;
        },
        onTrailer: (t) => {
          trailer = t;
        },
      },
    );
    expect(reply.message).toBe('hi');
    expect(reply.server).toBe(_label === 'TCP' ? 'tcp' : 'uds');
    const seen = reply.metadata as Record<string, string>;
    expect(seen.userid).toBe('42');
    expect(seen['tri-service-version']).toBe('1.0.0');
    expect(seen['tri-service-group']).toBe('g1');
    expect(seen['tri-consumer-appname']).toBe('it-consumer');
    expect(peer.lastMetadata['tracectx-bin']).toBeUndefined(); // binary values are not copied as strings
    expect(header['x-echo-header']).toBe('hi');
    expect(trailer['x-echo-trailer']).toBe('hi');
    expect(Array.from(trailer['x-bin'] as Uint8Array)).toEqual([1, 2, 3]);
  });

  it('turns a status into a typed RpcError with its trailers', async () => {
    const err = await rejection(
      client.unary({ message: 'x', failCode: Code.NotFound, failMessage: 'no such user: 100%' }),
    );
    expect(err.code).toBe(Code.NotFound);
    expect(err.rawMessage).toBe('no such user: 100%');
    expect(err.metadata['x-echo-trailer']).toBe('x');
    expect(wasConnectionLost(err)).toBe(false); // a status the peer sent, not a broken connection
  });

  it('fails with DEADLINE_EXCEEDED and the server sees the cancellation', async () => {
    const err = await rejection(
      client.unary({ message: 'slow-deadline', delayMs: 3000 }, { timeoutMs: 150 }),
    );
    expect(err.code).toBe(Code.DeadlineExceeded);
    await vi.waitFor(() => expect(peer.cancelled).toContain('slow-deadline'), { timeout: 5000 });
  });

  it('cancels with an AbortSignal: RST_STREAM CANCEL reaches the server', async () => {
    const controller = new AbortController();
    const call = client.unary({ message: 'slow-abort', delayMs: 5000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const err = await rejection(call);
    expect(err.code).toBe(Code.Cancelled);
    await vi.waitFor(() => expect(peer.cancelled).toContain('slow-abort'), { timeout: 5000 });
  });

  it('streams from the server, then reports a failure after the messages', async () => {
    const got: number[] = [];
    for await (const m of client.serverStream({ message: 's', count: 5 })) got.push(m.index as number);
    expect(got).toEqual([0, 1, 2, 3, 4]);

    const partial: number[] = [];
    const failing = (async () => {
      for await (const m of client.serverStream({
        message: 's',
        count: 2,
        failCode: Code.Aborted,
        failMessage: 'stop',
      })) {
        partial.push(m.index as number);
      }
    })();
    const err = await rejection(failing);
    expect(err.code).toBe(Code.Aborted);
    expect(partial).toEqual([0, 1]);
  });

  it('streams from the client', async () => {
    async function* messages() {
      for (const message of ['a', 'b', 'c']) yield { message };
    }
    const reply = await client.clientStream(messages());
    expect(reply).toMatchObject({ message: 'a,b,c', index: 3 });
  });

  it('streams both ways, interleaved', async () => {
    const outbox: Array<(value: IteratorResult<{ message: string }>) => void> = [];
    let sent = 0;
    const requests: AsyncIterable<{ message: string }> = {
      [Symbol.asyncIterator]: () => ({
        next: () =>
          sent >= 3
            ? Promise.resolve({ value: undefined, done: true })
            : new Promise((resolve) => {
                outbox.push(resolve);
              }),
      }),
    };
    const replies: string[] = [];
    const pumpNext = () => {
      const resolve = outbox.shift();
      if (resolve) resolve({ value: { message: `m${sent++}` }, done: false });
    };
    const reading = (async () => {
      for await (const reply of client.bidi(requests)) {
        replies.push(reply.message as string);
        pumpNext();
      }
    })();
    await vi.waitFor(() => expect(outbox.length).toBe(1));
    pumpNext(); // each reply releases the next request: proves the stream is truly interleaved
    await reading;
    expect(replies).toEqual(['m0', 'm1', 'm2']);
  });

  it('round-trips a 1 MiB message', async () => {
    const payload = Buffer.alloc(1024 * 1024, 7);
    const reply = await client.unary({ message: 'big', payload });
    expect(Buffer.from(reply.payload as string, 'base64').equals(payload)).toBe(true);
  });

  it('refuses a response larger than maxReceiveMessageBytes with RESOURCE_EXHAUSTED', async () => {
    const err = await rejection(client.unary({ message: 'huge', payload: Buffer.alloc(3 * 1024 * 1024, 1) }));
    expect(err.code).toBe(Code.ResourceExhausted);
  });

  it('gzips request messages when asked, and grpc-js inflates them', async () => {
    const gzipClient = createClient(TestService, transport, { compression: 'gzip' });
    const payload = Buffer.alloc(256 * 1024, 'abc');
    const reply = await gzipClient.unary({ message: 'zipped', payload });
    expect(Buffer.from(reply.payload as Uint8Array).equals(payload)).toBe(true);
  });

  it('runs interceptors around the call', async () => {
    const seen: string[] = [];
    const tag: Interceptor = (next) => async (req) => {
      req.attachments['x-intercepted'] = 'yes';
      seen.push(`before ${req.target.method.name}`);
      const res = await next(req);
      seen.push('after');
      return res;
    };
    const intercepted = createClient(TestService, transport, { interceptors: [tag] });
    const reply = await intercepted.unary({ message: 'i' });
    expect((reply.metadata as Record<string, string>)['x-intercepted']).toBe('yes');
    expect(seen).toEqual(['before Unary', 'after']);
  });

  it('carries 500 concurrent calls on one connection', async () => {
    const replies = await Promise.all(
      Array.from({ length: 500 }, (_, i) => client.unary({ message: `c${i}` })),
    );
    expect(replies.map((r) => r.message)).toEqual(Array.from({ length: 500 }, (_, i) => `c${i}`));
  });
});

describe('sdk-core with no server', () => {
  it('fails with UNAVAILABLE, marked as never sent, when the connection is refused', async () => {
    const transport = createHttp2Transport('127.0.0.1:1');
    const client = createClient(TestService, transport);
    const err = await rejection(client.unary({ message: 'x' }));
    expect(err.code).toBe(Code.Unavailable);
    expect(wasNotSent(err)).toBe(true);
    await transport.close();
  });

  it('fails with UNAVAILABLE, marked as never sent, when the socket file is missing', async () => {
    const transport = createHttp2Transport(`unix:${tempSocketPath('missing.sock')}`);
    const client = createClient(TestService, transport);
    const err = await rejection(client.unary({ message: 'x' }));
    expect(err.code).toBe(Code.Unavailable);
    expect(wasNotSent(err)).toBe(true);
    await transport.close();
  });
});
