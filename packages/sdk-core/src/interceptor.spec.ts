import { type Attachments, Code, RpcError } from '@dubbo-mesh/codec-triple';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { createClient } from './create-client.js';
import { type AnyCallFn, applyInterceptors, type Interceptor } from './interceptor.js';
import type { ProtoMessage } from './proto-service.js';
import { protoService } from './proto-service.js';
import type { MethodDescriptor, ServiceDescriptor } from './service-descriptor.js';
import type {
  CallRequest,
  CallResponse,
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
  }
`;

type Greeter = ServiceDescriptor<{
  sayHello: MethodDescriptor<ProtoMessage, ProtoMessage, 'unary'>;
  lotsOfReplies: MethodDescriptor<ProtoMessage, ProtoMessage, 'server_streaming'>;
}>;

// protoService cannot know each method's kind statically: naming the kinds types the client.
const greeter: Greeter = protoService<{ sayHello: 'unary'; lotsOfReplies: 'server_streaming' }>(
  protobuf.parse(PROTO).root,
  'demo.Greeter',
);

/** A transport in memory: records requests, echoes unary names, streams a fixed list of replies. */
class MemoryTransport implements Transport {
  readonly requests: CallRequest[] = [];
  failure: unknown;

  constructor(private readonly replies: readonly unknown[] = []) {}

  async unary(request: UnaryRequest): Promise<UnaryResponse> {
    this.requests.push(request);
    if (this.failure !== undefined) throw this.failure;
    const { name } = request.message as { name: string };
    return { stream: false, message: { message: `hello ${name}` }, header: {}, trailer: {} };
  }

  async stream(request: StreamRequest): Promise<StreamResponse> {
    this.requests.push(request);
    if (this.failure !== undefined) throw this.failure;
    const replies = this.replies;
    return {
      stream: true,
      header: {},
      trailer: {},
      messages: (async function* () {
        yield* replies;
      })(),
    };
  }

  async close(): Promise<void> {}
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** An interceptor that logs when it is entered and left. */
function logging(name: string, log: string[]): Interceptor {
  return (next) => async (request) => {
    log.push(`${name}>`);
    const response = await next(request);
    log.push(`<${name}`);
    return response;
  };
}

describe('applyInterceptors', () => {
  it('runs the first interceptor outermost', async () => {
    const log: string[] = [];
    const final: AnyCallFn = async () => {
      log.push('transport');
      return { stream: false, message: 1, header: {}, trailer: {} };
    };
    const call = applyInterceptors(final, [logging('a', log), logging('b', log), logging('c', log)]);
    await call({} as CallRequest);
    expect(log).toEqual(['a>', 'b>', 'c>', 'transport', '<c', '<b', '<a']);
  });

  it('is the final step itself when there are no interceptors', () => {
    const final: AnyCallFn = async () => ({ stream: false, message: 1, header: {}, trailer: {} });
    expect(applyInterceptors(final, [])).toBe(final);
  });
});

describe('interceptors on a client', () => {
  it('wrap every call, first interceptor outermost, for unary and streaming calls', async () => {
    const log: string[] = [];
    const transport = new MemoryTransport([{ message: 'x' }]);
    const client = createClient(greeter, transport, {
      interceptors: [logging('outer', log), logging('inner', log)],
    });
    await client.sayHello({ name: 'a' });
    await collect(client.lotsOfReplies({ name: 'a' }));
    expect(log).toEqual(['outer>', 'inner>', '<inner', '<outer', 'outer>', 'inner>', '<inner', '<outer']);
  });

  it('can add attachments that the transport sends, inner ones overriding outer ones', async () => {
    const transport = new MemoryTransport();
    const tag =
      (key: string, value: string): Interceptor =>
      (next) =>
      (request) => {
        request.attachments[key] = value;
        return next(request);
      };
    const client = createClient(greeter, transport, {
      interceptors: [tag('traceid', 'outer'), tag('traceid', 'inner'), tag('tenant', 't1')],
    });
    await client.sayHello({ name: 'a' }, { attachments: { userid: '42' } });
    expect(transport.requests[0]?.attachments).toEqual({ userid: '42', traceid: 'inner', tenant: 't1' });
  });

  it('do not leak attachments they add into the caller options or the next call', async () => {
    const transport = new MemoryTransport();
    let calls = 0;
    const onceOnly: Interceptor = (next) => (request) => {
      if (calls++ === 0) request.attachments.first = 'yes';
      return next(request);
    };
    const defaults = { attachments: { app: 'web' } };
    const client = createClient(greeter, transport, { interceptors: [onceOnly], defaults });
    await client.sayHello({ name: 'a' });
    await client.sayHello({ name: 'b' });
    expect(transport.requests.map((r) => r.attachments)).toEqual([
      { app: 'web', first: 'yes' },
      { app: 'web' },
    ]);
    expect(defaults).toEqual({ attachments: { app: 'web' } });
  });

  it('see which method is called and whether it streams', async () => {
    const seen: string[] = [];
    const spy: Interceptor = (next) => (request) => {
      seen.push(
        `${request.target.method.name} stream=${request.stream} ${request.target.headerTemplate[':path']}`,
      );
      return next(request);
    };
    const client = createClient(greeter, new MemoryTransport([]), { interceptors: [spy] });
    await client.sayHello({ name: 'a' });
    await collect(client.lotsOfReplies({ name: 'a' }));
    expect(seen).toEqual([
      'SayHello stream=false /demo.Greeter/SayHello',
      'LotsOfReplies stream=true /demo.Greeter/LotsOfReplies',
    ]);
  });

  it('see unary responses and may replace them', async () => {
    const seen: unknown[] = [];
    const shout: Interceptor = (next) => async (request) => {
      const response = await next(request);
      if (response.stream) return response;
      seen.push(response.message);
      const { message } = response.message as { message: string };
      return { ...response, message: { message: message.toUpperCase() } };
    };
    const client = createClient(greeter, new MemoryTransport(), { interceptors: [shout] });
    expect(await client.sayHello({ name: 'dubbo' })).toEqual({ message: 'HELLO DUBBO' });
    expect(seen).toEqual([{ message: 'hello dubbo' }]);
  });

  it('see stream responses and may wrap their messages', async () => {
    const number: Interceptor = (next) => async (request) => {
      const response = await next(request);
      if (!response.stream) return response;
      const messages = response.messages;
      return {
        ...response,
        messages: (async function* () {
          let i = 0;
          for await (const m of messages) yield { ...(m as object), index: i++ };
        })(),
      };
    };
    const client = createClient(greeter, new MemoryTransport([{ message: 'a' }, { message: 'b' }]), {
      interceptors: [number],
    });
    expect(await collect(client.lotsOfReplies({ name: 'x' }))).toEqual([
      { message: 'a', index: 0 },
      { message: 'b', index: 1 },
    ]);
  });

  it('may answer a call without reaching the transport', async () => {
    const transport = new MemoryTransport();
    const cached: Interceptor = () => async (): Promise<CallResponse> => ({
      stream: false,
      message: { message: 'from cache' },
      header: {},
      trailer: {},
    });
    const client = createClient(greeter, transport, { interceptors: [cached] });
    expect(await client.sayHello({ name: 'a' })).toEqual({ message: 'from cache' });
    expect(transport.requests).toHaveLength(0);
  });

  it('see transport errors and may translate them', async () => {
    const transport = new MemoryTransport();
    const failure = new RpcError(Code.Unavailable, 'no provider');
    transport.failure = failure;
    const seen: unknown[] = [];
    const translate: Interceptor = (next) => async (request) => {
      try {
        return await next(request);
      } catch (err) {
        seen.push(err);
        throw new RpcError(Code.Aborted, 'translated', { cause: err });
      }
    };
    const client = createClient(greeter, transport, { interceptors: [translate] });
    const error = await client.sayHello({ name: 'a' }).catch((err: unknown) => err);
    expect(seen).toEqual([failure]);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(Code.Aborted);
    expect((error as RpcError).cause).toBe(failure);
  });

  it('may change the deadline the transport sees', async () => {
    const transport = new MemoryTransport();
    const cap: Interceptor = (next) => (request) => {
      request.timeoutMs = Math.min(request.timeoutMs ?? Number.POSITIVE_INFINITY, 100);
      return next(request);
    };
    const client = createClient(greeter, transport, { interceptors: [cap] });
    await client.sayHello({ name: 'a' }, { timeoutMs: 5_000 });
    await client.sayHello({ name: 'a' }, { timeoutMs: 10 });
    expect(transport.requests.map((r) => r.timeoutMs)).toEqual([100, 10]);
  });

  it('answering a unary call with a stream fails the call with INTERNAL', async () => {
    const wrong: Interceptor = () => async () => ({
      stream: true,
      header: {},
      trailer: {},
      messages: (async function* () {})(),
    });
    const client = createClient(greeter, new MemoryTransport(), { interceptors: [wrong] });
    await expect(client.sayHello({ name: 'a' })).rejects.toMatchObject({ code: Code.Internal });
  });

  it('answering a streaming call with a unary response fails the call with INTERNAL', async () => {
    const wrong: Interceptor = () => async () => ({ stream: false, message: {}, header: {}, trailer: {} });
    const client = createClient(greeter, new MemoryTransport(), { interceptors: [wrong] });
    await expect(collect(client.lotsOfReplies({ name: 'a' }))).rejects.toMatchObject({ code: Code.Internal });
  });

  it('can read the response header and trailer of a unary call', async () => {
    const header: Attachments = { server: 'p1' };
    const trailer: Attachments = { cost: '3' };
    const transport: Transport = {
      unary: async () => ({ stream: false, message: {}, header, trailer }),
      stream: () => Promise.reject(new Error('unused')),
      close: async () => {},
    };
    const seen: Attachments[] = [];
    const spy: Interceptor = (next) => async (request) => {
      const response = await next(request);
      seen.push(response.header, response.trailer);
      return response;
    };
    await createClient(greeter, transport, { interceptors: [spy] }).sayHello({ name: 'a' });
    expect(seen).toEqual([{ server: 'p1' }, { cost: '3' }]);
  });
});
