import diagnostics from 'node:diagnostics_channel';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ACCEPT_ENCODING,
  type Attachments,
  Code,
  createRequestHeaderTemplate,
  RpcError,
} from '@dubbo-mesh/codec-triple';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { type CallOptions, withCallOptions } from './call-options.js';
import { createClient } from './create-client.js';
import {
  type CallEndMessage,
  type CallStartMessage,
  callEndChannel,
  callStartChannel,
} from './diagnostics.js';
import type { Interceptor } from './interceptor.js';
import { javaService } from './java-service.js';
import { loadProtoService, type ProtoMessage, type ProtoServiceOptions } from './proto-service.js';
import type { MethodDescriptor, ServiceDescriptor } from './service-descriptor.js';
import type {
  CallRequest,
  StreamRequest,
  StreamResponse,
  Transport,
  UnaryRequest,
  UnaryResponse,
} from './transport.js';

const PROTO = `
  syntax = "proto3";
  package demo;
  message HelloRequest { string name = 1; }
  message HelloReply { string message = 1; }
  service Greeter {
    rpc SayHello(HelloRequest) returns (HelloReply);
    rpc LotsOfReplies(HelloRequest) returns (stream HelloReply);
    rpc LotsOfGreetings(stream HelloRequest) returns (HelloReply);
    rpc BidiHello(stream HelloRequest) returns (stream HelloReply);
  }
`;

const dir = mkdtempSync(join(tmpdir(), 'sdk-core-create-client-'));
const protoPath = join(dir, 'greeter.proto');
writeFileSync(protoPath, PROTO);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Greeter = ServiceDescriptor<{
  sayHello: MethodDescriptor<ProtoMessage, ProtoMessage, 'unary'>;
  lotsOfReplies: MethodDescriptor<ProtoMessage, ProtoMessage, 'server_streaming'>;
  lotsOfGreetings: MethodDescriptor<ProtoMessage, ProtoMessage, 'client_streaming'>;
  bidiHello: MethodDescriptor<ProtoMessage, ProtoMessage, 'bidi_streaming'>;
}>;

/** loadProtoService cannot know each method's kind statically: naming the kinds types the client. */
function loadGreeter(options?: ProtoServiceOptions): Greeter {
  return loadProtoService<{
    sayHello: 'unary';
    lotsOfReplies: 'server_streaming';
    lotsOfGreetings: 'client_streaming';
    bidiHello: 'bidi_streaming';
  }>(protoPath, 'demo.Greeter', options);
}

const Calculator = javaService({
  interface: 'org.example.Calculator',
  version: '2.0.0',
  group: 'math',
  methods: {
    add: { args: ['int', 'int'], returns: 'int' },
    greet: { args: ['java.lang.String'], returns: 'java.lang.String', idempotent: true },
  },
} as const);

/**
 * A transport in memory. Unary calls are answered from the request (`hello <name>` for a message,
 * the sum or a greeting for Java argument lists); streams read every request message, then answer
 * with `streamReplies`, filling the trailer when the replies have been read.
 */
class MemoryTransport implements Transport {
  readonly requests: CallRequest[] = [];
  /** The request messages each stream call carried, as the transport read them. */
  readonly streamed: unknown[][] = [];
  streamReplies: unknown[] = [];
  header: Attachments = { 'x-server': 'p1' };
  trailer: Attachments = { 'x-cost': '7' };
  failure: unknown;
  closed = false;

  async unary(request: UnaryRequest): Promise<UnaryResponse> {
    this.requests.push(request);
    if (this.failure !== undefined) throw this.failure;
    return { stream: false, message: answer(request.message), header: this.header, trailer: this.trailer };
  }

  async stream(request: StreamRequest): Promise<StreamResponse> {
    this.requests.push(request);
    if (this.failure !== undefined) throw this.failure;
    const received: unknown[] = [];
    for await (const message of request.messages) received.push(message);
    this.streamed.push(received);
    const replies = this.streamReplies;
    const final = this.trailer;
    const trailer: Attachments = {};
    return {
      stream: true,
      header: this.header,
      trailer,
      messages: (async function* () {
        yield* replies;
        Object.assign(trailer, final);
      })(),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function answer(message: unknown): unknown {
  if (Array.isArray(message)) {
    return typeof message[0] === 'number' ? message[0] + (message[1] as number) : `hi ${String(message[0])}`;
  }
  return { message: `hello ${(message as { name: string }).name}` };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function* generate<T>(...items: T[]): AsyncGenerator<T> {
  yield* items;
}

describe('createClient: request header template', () => {
  it('sends :path /<service>/<method as in the .proto> with version, group and application', async () => {
    const transport = new MemoryTransport();
    const client = createClient(loadGreeter({ version: '1.0.0', group: 'g1' }), transport, {
      application: 'web',
    });
    await client.sayHello({ name: 'a' });
    const expected = {
      ':method': 'POST',
      ':path': '/demo.Greeter/SayHello',
      'content-type': 'application/grpc+proto',
      te: 'trailers',
      'grpc-accept-encoding': ACCEPT_ENCODING,
      'tri-service-version': '1.0.0',
      'tri-service-group': 'g1',
      'tri-consumer-appname': 'web',
    };
    expect(transport.requests[0]?.target.headerTemplate).toEqual(expected);
    expect(transport.requests[0]?.target.headerTemplate).toEqual(
      createRequestHeaderTemplate({
        path: '/demo.Greeter/SayHello',
        version: '1.0.0',
        group: 'g1',
        application: 'web',
      }),
    );
  });

  it('builds one template per method, each with its own wire name', async () => {
    const transport = new MemoryTransport();
    transport.streamReplies = [{ message: 'only' }];
    const client = createClient(loadGreeter(), transport);
    await client.sayHello({ name: 'a' });
    await collect(client.lotsOfReplies({ name: 'a' }));
    await client.lotsOfGreetings([{ name: 'a' }]);
    await collect(client.bidiHello([{ name: 'a' }]));
    expect(transport.requests.map((r) => r.target.headerTemplate[':path'])).toEqual([
      '/demo.Greeter/SayHello',
      '/demo.Greeter/LotsOfReplies',
      '/demo.Greeter/LotsOfGreetings',
      '/demo.Greeter/BidiHello',
    ]);
  });

  it('leaves out version, group and application headers that are not configured', async () => {
    const transport = new MemoryTransport();
    await createClient(loadGreeter(), transport).sayHello({ name: 'a' });
    const headers = Object.keys(transport.requests[0]!.target.headerTemplate);
    expect(headers).not.toContain('tri-service-version');
    expect(headers).not.toContain('tri-service-group');
    expect(headers).not.toContain('tri-consumer-appname');
  });

  it('uses the serviceName option instead of the .proto name in :path', async () => {
    const transport = new MemoryTransport();
    const client = createClient(loadGreeter({ serviceName: 'org.apache.dubbo.demo.Greeter' }), transport);
    await client.sayHello({ name: 'a' });
    expect(transport.requests[0]?.target.headerTemplate[':path']).toBe(
      '/org.apache.dubbo.demo.Greeter/SayHello',
    );
  });

  it('sends a Java method under the interface name, with the interface version and group', async () => {
    const transport = new MemoryTransport();
    await createClient(Calculator, transport, { application: 'billing' }).add(1, 2);
    expect(transport.requests[0]?.target.headerTemplate).toMatchObject({
      ':path': '/org.example.Calculator/add',
      'tri-service-version': '2.0.0',
      'tri-service-group': 'math',
      'tri-consumer-appname': 'billing',
    });
  });

  it('describes the call target: service key, method and application', async () => {
    const transport = new MemoryTransport();
    const descriptor = loadGreeter({ version: '1.0.0' });
    await createClient(descriptor, transport, { application: 'web' }).sayHello({ name: 'a' });
    const target = transport.requests[0]!.target;
    expect(target.service.serviceName).toBe('demo.Greeter');
    expect(target.service.version).toBe('1.0.0');
    expect(target.method).toBe(descriptor.methods.sayHello);
    expect(target.application).toBe('web');
  });

  it('computes the target once per method, not per call', async () => {
    const transport = new MemoryTransport();
    const client = createClient(loadGreeter(), transport);
    await client.sayHello({ name: 'a' });
    await client.sayHello({ name: 'b' });
    expect(transport.requests[0]!.target).toBe(transport.requests[1]!.target);
  });

  it('rejects a version that cannot travel in a header when the client is made', () => {
    expect(() => createClient(loadGreeter({ version: '1.0\n0' }), new MemoryTransport())).toThrow(
      expect.objectContaining({ code: Code.InvalidArgument }),
    );
  });
});

describe('createClient: IDL call shapes', () => {
  it('unary: sends the request and resolves with the reply', async () => {
    const transport = new MemoryTransport();
    const client = createClient(loadGreeter(), transport);
    expect(await client.sayHello({ name: 'dubbo' })).toEqual({ message: 'hello dubbo' });
    expect(transport.requests[0]).toMatchObject({ stream: false, message: { name: 'dubbo' } });
  });

  it('server streaming: sends one request and yields every reply in order', async () => {
    const transport = new MemoryTransport();
    transport.streamReplies = [{ message: 'a' }, { message: 'b' }, { message: 'c' }];
    const client = createClient(loadGreeter(), transport);
    expect(await collect(client.lotsOfReplies({ name: 'x' }))).toEqual(transport.streamReplies);
    expect(transport.requests[0]?.stream).toBe(true);
    expect(transport.streamed).toEqual([[{ name: 'x' }]]);
  });

  it('server streaming: passes the single request as an array, which the transport may replay', async () => {
    const transport = new MemoryTransport();
    const client = createClient(loadGreeter(), transport);
    await collect(client.lotsOfReplies({ name: 'x' }));
    const request = transport.requests[0] as StreamRequest;
    expect(Array.isArray(request.messages)).toBe(true);
  });

  it('server streaming: nothing is sent until the caller starts reading', async () => {
    const transport = new MemoryTransport();
    const client = createClient(loadGreeter(), transport);
    const replies = client.lotsOfReplies({ name: 'x' });
    expect(transport.requests).toHaveLength(0);
    await collect(replies);
    expect(transport.requests).toHaveLength(1);
  });

  it.each([
    ['an array', () => [{ name: 'a' }, { name: 'b' }]],
    ['an async generator', () => generate({ name: 'a' }, { name: 'b' })],
    ['a sync iterable that is not an array', () => new Set([{ name: 'a' }, { name: 'b' }])],
  ])(
    'client streaming: sends every request from %s and resolves with the one reply',
    async (_label, requests) => {
      const transport = new MemoryTransport();
      transport.streamReplies = [{ message: 'total 2' }];
      const client = createClient(loadGreeter(), transport);
      expect(await client.lotsOfGreetings(requests())).toEqual({ message: 'total 2' });
      expect(transport.streamed).toEqual([[{ name: 'a' }, { name: 'b' }]]);
    },
  );

  it.each([
    [0, []],
    [2, [{ message: 'a' }, { message: 'b' }]],
  ])('client streaming: %i replies fail the call with INTERNAL', async (count, replies) => {
    const transport = new MemoryTransport();
    transport.streamReplies = replies;
    const client = createClient(loadGreeter(), transport);
    const error = await client.lotsOfGreetings([{ name: 'a' }]).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(Code.Internal);
    expect((error as RpcError).rawMessage).toBe(
      `client-streaming call returned ${count} messages, expected 1`,
    );
  });

  it('bidi streaming: sends every request and yields every reply', async () => {
    const transport = new MemoryTransport();
    transport.streamReplies = [{ message: '1' }, { message: '2' }];
    const client = createClient(loadGreeter(), transport);
    const sent = function* () {
      yield { name: 'a' };
      yield { name: 'b' };
      yield { name: 'c' };
    };
    expect(await collect(client.bidiHello(sent()))).toEqual([{ message: '1' }, { message: '2' }]);
    expect(transport.streamed).toEqual([[{ name: 'a' }, { name: 'b' }, { name: 'c' }]]);
  });

  it('bidi streaming: hands the transport an async iterable for a sync generator', async () => {
    const transport = new MemoryTransport();
    const client = createClient(loadGreeter(), transport);
    await collect(
      client.bidiHello(
        (function* () {
          yield { name: 'a' };
        })(),
      ),
    );
    const request = transport.requests[0] as StreamRequest;
    expect(Symbol.asyncIterator in request.messages).toBe(true);
  });
});

describe('createClient: Java-interface methods', () => {
  it('take positional arguments and resolve with the return value', async () => {
    const transport = new MemoryTransport();
    const client = createClient(Calculator, transport);
    expect(await client.add(2, 3)).toBe(5);
    expect(await client.greet('ana')).toBe('hi ana');
    expect(transport.requests.map((r) => (r.stream ? undefined : r.message))).toEqual([[2, 3], ['ana']]);
    expect(transport.requests.every((r) => r.stream === false)).toBe(true);
  });

  it('take their options from withCallOptions', async () => {
    const transport = new MemoryTransport();
    const client = createClient(Calculator, transport);
    const signal = new AbortController().signal;
    await withCallOptions({ timeoutMs: 300, signal, attachments: { tenant: 't1' } }, () => client.add(1, 1));
    expect(transport.requests[0]).toMatchObject({ timeoutMs: 300, signal, attachments: { tenant: 't1' } });
  });

  it('take the scope options also when called after an await inside the scope', async () => {
    const transport = new MemoryTransport();
    const client = createClient(Calculator, transport);
    await withCallOptions({ timeoutMs: 300 }, async () => {
      await Promise.resolve();
      await client.add(1, 1);
    });
    expect(transport.requests[0]?.timeoutMs).toBe(300);
  });

  it('take the client defaults, overridden by the scope', async () => {
    const transport = new MemoryTransport();
    const client = createClient(Calculator, transport, {
      defaults: { timeoutMs: 1_000, attachments: { app: 'web', tenant: 'default' } },
    });
    await client.add(1, 1);
    await withCallOptions({ timeoutMs: 50, attachments: { tenant: 't2' } }, () => client.add(1, 1));
    expect(transport.requests.map((r) => [r.timeoutMs, r.attachments])).toEqual([
      [1_000, { app: 'web', tenant: 'default' }],
      [50, { app: 'web', tenant: 't2' }],
    ]);
  });

  it('call the scope onHeader and onTrailer callbacks', async () => {
    const transport = new MemoryTransport();
    const onHeader = vi.fn();
    const onTrailer = vi.fn();
    await withCallOptions({ onHeader, onTrailer }, () => createClient(Calculator, transport).add(1, 1));
    expect(onHeader).toHaveBeenCalledWith({ 'x-server': 'p1' });
    expect(onTrailer).toHaveBeenCalledWith({ 'x-cost': '7' });
  });
});

describe('createClient: call options', () => {
  it('pass timeoutMs and signal through to the transport', async () => {
    const transport = new MemoryTransport();
    const client = createClient(loadGreeter(), transport);
    const signal = new AbortController().signal;
    await client.sayHello({ name: 'a' }, { timeoutMs: 1_500, signal });
    await collect(client.lotsOfReplies({ name: 'a' }, { timeoutMs: 2_500, signal }));
    expect(transport.requests.map((r) => [r.timeoutMs, r.signal])).toEqual([
      [1_500, signal],
      [2_500, signal],
    ]);
  });

  it('send no deadline and no signal when none is set', async () => {
    const transport = new MemoryTransport();
    await createClient(loadGreeter(), transport).sayHello({ name: 'a' });
    expect(transport.requests[0]).toMatchObject({ timeoutMs: undefined, signal: undefined, attachments: {} });
  });

  it('merge per call: client defaults < withCallOptions scope < explicit options', async () => {
    const transport = new MemoryTransport();
    const client = createClient(loadGreeter(), transport, {
      defaults: { timeoutMs: 1_000, attachments: { a: 'defaults', b: 'defaults', c: 'defaults' } },
    });
    await withCallOptions({ timeoutMs: 500, attachments: { b: 'scope', c: 'scope' } }, () =>
      client.sayHello({ name: 'x' }, { attachments: { c: 'explicit' } }),
    );
    await withCallOptions({ timeoutMs: 500 }, () => client.sayHello({ name: 'x' }, { timeoutMs: 20 }));
    expect(transport.requests.map((r) => [r.timeoutMs, r.attachments])).toEqual([
      [500, { a: 'defaults', b: 'scope', c: 'explicit' }],
      [20, { a: 'defaults', b: 'defaults', c: 'defaults' }],
    ]);
  });

  it('apply the defaults to streaming calls too', async () => {
    const transport = new MemoryTransport();
    const client = createClient(loadGreeter(), transport, {
      defaults: { timeoutMs: 700, attachments: { app: 'web' } },
    });
    await collect(client.lotsOfReplies({ name: 'x' }, { attachments: { id: '1' } }));
    expect(transport.requests[0]).toMatchObject({ timeoutMs: 700, attachments: { app: 'web', id: '1' } });
  });

  it('hand the transport a copy of the attachments, not the caller object', async () => {
    const transport = new MemoryTransport();
    const options: CallOptions = { attachments: { id: '1' } };
    await createClient(loadGreeter(), transport).sayHello({ name: 'a' }, options);
    expect(transport.requests[0]?.attachments).toEqual({ id: '1' });
    expect(transport.requests[0]?.attachments).not.toBe(options.attachments);
  });

  it('call onHeader and onTrailer of a unary call with the response metadata', async () => {
    const transport = new MemoryTransport();
    const onHeader = vi.fn();
    const onTrailer = vi.fn();
    await createClient(loadGreeter(), transport).sayHello({ name: 'a' }, { onHeader, onTrailer });
    expect(onHeader).toHaveBeenCalledExactlyOnceWith({ 'x-server': 'p1' });
    expect(onTrailer).toHaveBeenCalledExactlyOnceWith({ 'x-cost': '7' });
  });

  it('call onHeader of a stream before the first message and onTrailer after the last', async () => {
    const transport = new MemoryTransport();
    transport.streamReplies = [{ message: 'a' }, { message: 'b' }];
    const log: string[] = [];
    const replies = createClient(loadGreeter(), transport).lotsOfReplies(
      { name: 'x' },
      {
        onHeader: (h) => log.push(`header ${JSON.stringify(h)}`),
        onTrailer: (t) => log.push(`trailer ${JSON.stringify(t)}`),
      },
    );
    for await (const reply of replies) log.push(`message ${(reply as { message: string }).message}`);
    expect(log).toEqual(['header {"x-server":"p1"}', 'message a', 'message b', 'trailer {"x-cost":"7"}']);
  });

  it('do not call onTrailer of a stream the caller stopped reading early', async () => {
    const transport = new MemoryTransport();
    transport.streamReplies = [{ message: 'a' }, { message: 'b' }];
    const onTrailer = vi.fn();
    for await (const _ of createClient(loadGreeter(), transport).lotsOfReplies({ name: 'x' }, { onTrailer }))
      break;
    expect(onTrailer).not.toHaveBeenCalled();
  });
});

describe('createClient: failures', () => {
  it.each([
    ['a unary call', (t: MemoryTransport) => createClient(loadGreeter(), t).sayHello({ name: 'a' })],
    [
      'a server stream',
      (t: MemoryTransport) => collect(createClient(loadGreeter(), t).lotsOfReplies({ name: 'a' })),
    ],
    [
      'a client stream',
      (t: MemoryTransport) => createClient(loadGreeter(), t).lotsOfGreetings([{ name: 'a' }]),
    ],
    [
      'a bidi stream',
      (t: MemoryTransport) => collect(createClient(loadGreeter(), t).bidiHello([{ name: 'a' }])),
    ],
    ['a Java method', (t: MemoryTransport) => createClient(Calculator, t).add(1, 2)],
  ])('a transport rejection reaches the caller of %s unchanged', async (_label, call) => {
    const transport = new MemoryTransport();
    const failure = new RpcError(Code.Unavailable, 'no provider', { metadata: { 'x-why': 'drained' } });
    transport.failure = failure;
    await expect(call(transport)).rejects.toBe(failure);
  });

  it('a non-RpcError from the transport is not wrapped either', async () => {
    const transport = new MemoryTransport();
    const failure = new TypeError('bug in a transport');
    transport.failure = failure;
    await expect(createClient(loadGreeter(), transport).sayHello({ name: 'a' })).rejects.toBe(failure);
  });

  it('a unary call turns a synchronous interceptor throw into a rejection, as an async function would', async () => {
    const failure = new RpcError(Code.PermissionDenied, 'no token');
    const throwing: Interceptor = () => () => {
      throw failure;
    };
    const client = createClient(loadGreeter(), new MemoryTransport(), { interceptors: [throwing] });
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = client.sayHello({ name: 'a' });
    }).not.toThrow();
    await expect(pending).rejects.toBe(failure);
  });

  it('a unary call accepts an untyped interceptor answering with a plain value or a foreign thenable', async () => {
    const response: UnaryResponse = {
      stream: false,
      message: { message: 'cached' },
      header: {},
      trailer: {},
    };
    const plain = (() => () => response) as unknown as Interceptor;
    const thenable = (() => () => ({
      // biome-ignore lint/suspicious/noThenProperty: the point is a non-native thenable
      then: (resolve: (value: UnaryResponse) => void) => resolve(response),
    })) as unknown as Interceptor;
    for (const interceptor of [plain, thenable]) {
      const client = createClient(loadGreeter(), new MemoryTransport(), { interceptors: [interceptor] });
      await expect(client.sayHello({ name: 'a' })).resolves.toEqual({ message: 'cached' });
    }
  });

  it('does not call onHeader or onTrailer of a failed call', async () => {
    const transport = new MemoryTransport();
    transport.failure = new RpcError(Code.Unavailable, 'no provider');
    const onHeader = vi.fn();
    const onTrailer = vi.fn();
    await expect(
      createClient(loadGreeter(), transport).sayHello({ name: 'a' }, { onHeader, onTrailer }),
    ).rejects.toThrow();
    expect(onHeader).not.toHaveBeenCalled();
    expect(onTrailer).not.toHaveBeenCalled();
  });
});

describe('createClient: diagnostics_channel', () => {
  const subscriptions: [string, (message: unknown) => void][] = [];

  function subscribe(name: string): unknown[] {
    const seen: unknown[] = [];
    const listener = (message: unknown): void => {
      seen.push(message);
    };
    diagnostics.subscribe(name, listener);
    subscriptions.push([name, listener]);
    return seen;
  }

  afterEach(() => {
    for (const [name, listener] of subscriptions.splice(0)) diagnostics.unsubscribe(name, listener);
    vi.restoreAllMocks();
  });

  it('publishes dubbo-mesh:call:start and :end around a unary call', async () => {
    const starts = subscribe('dubbo-mesh:call:start');
    const ends = subscribe('dubbo-mesh:call:end');
    const transport = new MemoryTransport();
    await createClient(loadGreeter(), transport).sayHello({ name: 'a' });
    const request = transport.requests[0];
    expect(starts).toEqual([{ request }]);
    expect(ends).toHaveLength(1);
    const end = ends[0] as CallEndMessage;
    expect(end.request).toBe(request);
    expect(end.error).toBeUndefined();
    expect(end.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('publishes the start before the transport runs, and the end after it answered', async () => {
    const log: string[] = [];
    const onStart = (): void => {
      log.push('start');
    };
    const onEnd = (): void => {
      log.push('end');
    };
    diagnostics.subscribe('dubbo-mesh:call:start', onStart);
    diagnostics.subscribe('dubbo-mesh:call:end', onEnd);
    subscriptions.push(['dubbo-mesh:call:start', onStart], ['dubbo-mesh:call:end', onEnd]);
    const transport = new MemoryTransport();
    const unary = transport.unary.bind(transport);
    transport.unary = async (request) => {
      log.push('transport');
      return unary(request);
    };
    await createClient(loadGreeter(), transport).sayHello({ name: 'a' });
    expect(log).toEqual(['start', 'transport', 'end']);
  });

  it('publishes the error of a failed call on :end, and the caller still gets it unchanged', async () => {
    const ends = subscribe('dubbo-mesh:call:end');
    const transport = new MemoryTransport();
    const failure = new RpcError(Code.DeadlineExceeded, 'too slow');
    transport.failure = failure;
    await expect(createClient(Calculator, transport).add(1, 2)).rejects.toBe(failure);
    expect(ends).toHaveLength(1);
    expect((ends[0] as CallEndMessage).error).toBe(failure);
  });

  it('publishes :end of a stream once it started, with the stream request', async () => {
    const starts = subscribe('dubbo-mesh:call:start');
    const ends = subscribe('dubbo-mesh:call:end');
    const transport = new MemoryTransport();
    transport.streamReplies = [{ message: 'a' }];
    await collect(createClient(loadGreeter(), transport).lotsOfReplies({ name: 'x' }));
    expect((starts[0] as CallStartMessage).request.stream).toBe(true);
    expect(ends).toHaveLength(1);
    expect((ends[0] as CallEndMessage).error).toBeUndefined();
  });

  it('publishes when only :end has a subscriber', async () => {
    const ends = subscribe('dubbo-mesh:call:end');
    await createClient(loadGreeter(), new MemoryTransport()).sayHello({ name: 'a' });
    expect(ends).toHaveLength(1);
  });

  it('publishes nothing while nobody subscribes', async () => {
    expect(callStartChannel.hasSubscribers).toBe(false);
    expect(callEndChannel.hasSubscribers).toBe(false);
    const startPublish = vi.spyOn(callStartChannel, 'publish');
    const endPublish = vi.spyOn(callEndChannel, 'publish');
    const transport = new MemoryTransport();
    transport.streamReplies = [{ message: 'a' }];
    const client = createClient(loadGreeter(), transport);
    await client.sayHello({ name: 'a' });
    await collect(client.lotsOfReplies({ name: 'a' }));
    expect(startPublish).not.toHaveBeenCalled();
    expect(endPublish).not.toHaveBeenCalled();
  });

  it('stops publishing once the subscriber leaves', async () => {
    const starts = subscribe('dubbo-mesh:call:start');
    const client = createClient(loadGreeter(), new MemoryTransport());
    await client.sayHello({ name: 'a' });
    for (const [name, listener] of subscriptions.splice(0)) diagnostics.unsubscribe(name, listener);
    await client.sayHello({ name: 'b' });
    expect(starts).toHaveLength(1);
  });
});
