/**
 * `dubbo-mesh sidecar` in its own process, with the file registry listing real providers: every
 * call kind through it, from our sdk-core client and from @grpc/grpc-js on the Unix socket; metadata,
 * trailers, statuses, deadlines and cancellation both ways; a hessian body forwarded byte for byte;
 * failover only for attempts that never reached a provider.
 */
import { constants, createServer, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { Code, createClient, createHttp2Transport, type Http2Transport } from '@dubbo-mesh/sdk-core';
import { parse } from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FatFiles, makeFatFiles } from '../cli/fat-files.js';
import { deadEndpoint } from '../cli/run-cli.js';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { hessian } from '../peers/hessian-js.js';
import { type HessianProviderPeer, startHessianProvider } from '../peers/hessian-provider.js';
import { TRIPLE_WRAPPER_PROTO } from '../peers/triple-wrapper-schema.js';
import { rawGrpcCall, rawSession } from '../peers-selftest/raw-grpc-call.js';
import { TestServiceClient } from '../peers-selftest/test-service-client.js';
import { type SidecarProcess, startSidecarProcess } from './sidecar-process.js';
import { rejection, TEST_SERVICE, testService } from './test-service.js';

const DEMO = 'org.apache.dubbo.demo.DemoService';
const wrappers = parse(TRIPLE_WRAPPER_PROTO, { keepCase: true }).root;
const RequestWrapper = wrappers.lookupType('org.apache.dubbo.triple.TripleRequestWrapper');
const ResponseWrapper = wrappers.lookupType('org.apache.dubbo.triple.TripleResponseWrapper');

/** A provider that resets every stream with CANCEL after its response headers. */
async function startResettingProvider(): Promise<{ address: string; server: Http2Server }> {
  const server = createServer();
  server.on('session', (session) => session.on('error', () => undefined));
  server.on('stream', (stream) => {
    stream.on('error', () => undefined);
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
    setTimeout(() => stream.close(constants.NGHTTP2_CANCEL), 20);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { address: `127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('dubbo-mesh sidecar: forwarding', () => {
  let files: FatFiles;
  let hz: GrpcPeer;
  let v2: GrpcPeer;
  let demo: HessianProviderPeer;
  let resetting: { address: string; server: Http2Server };
  let sidecar: SidecarProcess;
  let transport: Http2Transport;
  let client: ReturnType<typeof createClient<ReturnType<typeof testService>>>;

  beforeAll(async () => {
    [hz, v2, demo, resetting] = await Promise.all([
      startGrpcServer({ name: 'hz' }),
      startGrpcServer({ name: 'v2' }),
      startHessianProvider(),
      startResettingProvider(),
    ]);
    const dead = await deadEndpoint();
    files = makeFatFiles();
    files.writeProviders([
      `tri://${hz.address}/${TEST_SERVICE}?application=echo`,
      // Version 2.0.0 has a provider nobody listens on: calls must fail over to the live one.
      `tri://${dead}/${TEST_SERVICE}?application=echo&version=2.0.0`,
      `tri://${v2.address}/${TEST_SERVICE}?application=echo&version=2.0.0`,
      `tri://${dead}/dead.Service?application=dead`,
      `tri://${resetting.address}/reset.Service?application=reset`,
      `tri://${demo.address}/${DEMO}?application=demo`,
    ]);
    sidecar = await startSidecarProcess([
      '--listen',
      `unix:${files.dir}/run/sidecar.sock`,
      '--registry',
      files.registry,
      '--app',
      'local-app',
    ]);
    transport = createHttp2Transport(`unix:${sidecar.socketPath}`, { authority: 'sidecar' });
    client = createClient(testService(), transport, { application: 'it-consumer' });
  });
  afterAll(async () => {
    await transport?.close();
    await sidecar?.kill();
    await Promise.all([hz?.close(), v2?.close(), demo?.close()]);
    resetting?.server.close();
    files?.remove();
  });

  it('forwards a unary call with attachments, response headers and trailers both ways', async () => {
    let header: Record<string, unknown> = {};
    let trailer: Record<string, unknown> = {};
    const reply = await client.unary(
      { message: 'hi', payload: Buffer.from('abc') },
      {
        timeoutMs: 5000,
        attachments: { userId: '42', 'dubbo.tag': '' },
        onHeader: (h) => {
          header = h;
        },
        onTrailer: (t) => {
          trailer = t;
        },
      },
    );
    expect(reply).toMatchObject({ message: 'hi', server: 'hz' });
    expect(Buffer.from(reply.payload as Uint8Array).toString()).toBe('abc');
    expect(reply.metadata).toMatchObject({ userid: '42', 'tri-consumer-appname': 'it-consumer' });
    expect(header['x-echo-header']).toBe('hi');
    expect(trailer['x-echo-trailer']).toBe('hi');
    expect(Array.from(trailer['x-bin'] as Uint8Array)).toEqual([1, 2, 3]);
  });

  it('forwards a provider error status with its message and trailers', async () => {
    const err = await rejection(
      client.unary({ message: 'x', failCode: Code.NotFound, failMessage: 'no user 100%' }),
    );
    expect(err.code).toBe(Code.NotFound);
    expect(err.rawMessage).toBe('no user 100%');
    expect(err.metadata['x-echo-trailer']).toBe('x');
  });

  it('pipes server, client and bidi streams', async () => {
    const got: number[] = [];
    for await (const m of client.serverStream({ message: 's', count: 5, delayMs: 5 }))
      got.push(m.index as number);
    expect(got).toEqual([0, 1, 2, 3, 4]);

    async function* messages(): AsyncIterable<{ message: string }> {
      for (const message of ['a', 'b', 'c']) yield { message };
    }
    const joined = await client.clientStream(messages());
    expect(joined).toMatchObject({ message: 'a,b,c', index: 3 });

    const echoed: string[] = [];
    for await (const m of client.bidi(messages())) echoed.push(m.message as string);
    expect(echoed).toEqual(['a', 'b', 'c']);
  });

  it('serves a @grpc/grpc-js client on the socket (target unix:/path)', async () => {
    const grpc = new TestServiceClient(`unix:${sidecar.socketPath}`);
    try {
      const unary = await grpc.unary({ message: 'from grpc-js' }, { metadata: { lane: 'blue' } });
      expect(unary.error).toBeUndefined();
      expect(unary.response).toMatchObject({ message: 'from grpc-js', server: 'hz' });
      expect(unary.response!.metadata.lane).toBe('blue');
      expect(unary.headers.get('x-echo-header')).toEqual(['from grpc-js']);
      expect(unary.status.metadata.get('x-echo-trailer')).toEqual(['from grpc-js']);

      const stream = await grpc.serverStream({ message: 'gs', count: 3 });
      expect(stream.responses.map((r) => r.index)).toEqual([0, 1, 2]);
      expect(stream.status.code).toBe(0);

      const bidi = await grpc.bidi([{ message: 'x' }, { message: 'y' }]);
      expect(bidi.responses.map((r) => r.message)).toEqual(['x', 'y']);
      const failed = await grpc.unary({ message: 'f', failCode: Code.PermissionDenied, failMessage: 'nope' });
      expect(failed.status).toMatchObject({ code: Code.PermissionDenied, details: 'nope' });
    } finally {
      grpc.close();
    }
  });

  it('forwards a hessian wrapper body byte for byte, never decoding it', async () => {
    const request = RequestWrapper.encode(
      RequestWrapper.create({
        serializeType: 'hessian4',
        args: [hessian.encode('sidecar', '2.0')],
        argTypes: ['java.lang.String'],
      }),
    ).finish();
    const headers = { 'tri-consumer-appname': 'java-style', 'grpc-timeout': '5000m' };
    const viaSidecar = rawSession(`unix:${sidecar.socketPath}`);
    const direct = rawSession(demo.address);
    try {
      const through = await rawGrpcCall(viaSidecar, `/${DEMO}/sayHello`, request, headers);
      const seen = demo.calls.at(-1)!;
      const straight = await rawGrpcCall(direct, `/${DEMO}/sayHello`, request, headers);
      expect(through.trailers['grpc-status']).toBe('0');
      expect(through.body.equals(straight.body)).toBe(true);
      const reply = ResponseWrapper.toObject(ResponseWrapper.decode(through.messages[0]!), { bytes: Buffer });
      expect(hessian.decode(reply.data as Buffer, '2.0')).toBe('Hello sidecar');
      expect(seen).toMatchObject({ method: 'sayHello', serializeType: 'hessian4', args: ['sidecar'] });
      expect(seen.headers['tri-consumer-appname']).toBe('java-style');
      // The deadline reaches the provider less the time spent in the sidecar.
      const forwarded = Number(/^(\d+)m$/.exec(seen.headers['grpc-timeout'] ?? '')?.[1]);
      expect(forwarded).toBeGreaterThan(3000);
      expect(forwarded).toBeLessThanOrEqual(5000);
    } finally {
      viaSidecar.close();
      direct.close();
    }
  });

  it('enforces the deadline and the provider sees the cancellation', async () => {
    const err = await rejection(
      client.unary({ message: 'slow-deadline', delayMs: 5000 }, { timeoutMs: 200 }),
    );
    expect(err.code).toBe(Code.DeadlineExceeded);
    await vi.waitFor(() => expect(hz.cancelled).toContain('slow-deadline'), { timeout: 5000 });
  });

  it('cancels: RST_STREAM from the caller reaches the provider as a cancellation', async () => {
    const controller = new AbortController();
    const call = client.unary({ message: 'slow-abort', delayMs: 5000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 150);
    expect((await rejection(call)).code).toBe(Code.Cancelled);
    await vi.waitFor(() => expect(hz.cancelled).toContain('slow-abort'), { timeout: 5000 });

    const stream = new AbortController();
    const got: number[] = [];
    const consume = (async () => {
      for await (const m of client.serverStream(
        { message: 'slow-stream', count: 50, delayMs: 100 },
        { signal: stream.signal },
      )) {
        got.push(m.index as number);
        if (got.length === 2) stream.abort();
      }
    })();
    expect((await rejection(consume)).code).toBe(Code.Cancelled);
    await vi.waitFor(() => expect(hz.cancelled).toContain('slow-stream'), { timeout: 5000 });
  });

  it('resets the caller when the provider resets', async () => {
    const resetClient = createClient(
      { ...testService(), serviceName: 'reset.Service' } as ReturnType<typeof testService>,
      transport,
    );
    // The request stays open: a Node server that resets a stream whose request has ended sends
    // END_STREAM first, and the caller then sees a stream without trailers instead.
    const open = new AbortController();
    async function* pending(): AsyncIterable<{ message: string }> {
      yield { message: 'r' };
      await new Promise((resolve) => open.signal.addEventListener('abort', resolve));
    }
    const consume = (async () => {
      for await (const _ of resetClient.bidi(pending(), { timeoutMs: 3000 })) {
        // nothing arrives before the reset
      }
    })();
    const err = await rejection(consume);
    open.abort();
    expect(err.code).toBe(Code.Cancelled);
    expect(err.rawMessage).toMatch(/reset/);
  });

  it('re-sends to another provider only when the attempt never reached one', async () => {
    const v2Client = createClient(testService({ version: '2.0.0' }), transport);
    const before = v2.calls;
    for (let i = 0; i < 20; i++) {
      await expect(v2Client.unary({ message: `v2-${i}` }, { timeoutMs: 5000 })).resolves.toMatchObject({
        server: 'v2',
      });
    }
    expect(v2.calls - before).toBe(20);
  });

  it('answers UNAVAILABLE when no provider is left after routing (naming code 6) or none can be reached', async () => {
    const none = await rejection(
      createClient(
        { ...testService(), serviceName: 'absent.Service' } as ReturnType<typeof testService>,
        transport,
      ).unary({ message: 'x' }),
    );
    expect(none.code).toBe(Code.Unavailable);
    expect(none.rawMessage).toMatch(/absent\.Service.*code 6/);

    const dead = await rejection(
      createClient(
        { ...testService(), serviceName: 'dead.Service' } as ReturnType<typeof testService>,
        transport,
      ).unary({ message: 'x' }),
    );
    expect(dead.code).toBe(Code.Unavailable);
    expect(dead.rawMessage).toMatch(/dead\.Service/);
  });
});
