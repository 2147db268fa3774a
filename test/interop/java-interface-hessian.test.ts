/**
 * Java-interface calls with the hessian2 wrapper (triple.md §4) against a provider whose decoding
 * shares no code with codec-triple: it parses the wrapper with protobufjs reflection and the
 * arguments with hessian.js directly, and checks argTypes the way Java picks an overload.
 */
import { JavaException, java } from '@dubbo-mesh/codec-triple';
import {
  Code,
  createClient,
  createHttp2Transport,
  type Http2Transport,
  javaService,
  withCallOptions,
} from '@dubbo-mesh/sdk-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type HessianProviderPeer, startHessianProvider } from '../peers/hessian-provider.js';
import { tempSocketPath } from '../peers/temp-socket.js';

const User = java.pojo('demo.User', { name: 'java.lang.String', age: 'int' });

const DemoService = javaService({
  interface: 'org.apache.dubbo.demo.DemoService',
  methods: {
    sayHello: { args: ['java.lang.String'], returns: 'java.lang.String' },
    add: { args: ['int', 'int'], returns: 'int' },
    addLongs: { args: ['long', 'long'], returns: 'long' },
    greetUser: { args: [User], returns: 'java.lang.String' },
    echoList: { args: [java.list()], returns: java.list() },
    fail: { args: ['java.lang.String'], returns: 'java.lang.String' },
    slow: { args: ['int'], returns: 'java.lang.String' },
    noArgs: { args: [], returns: 'java.lang.String' },
    voidMethod: { args: [], returns: 'void' },
  },
} as const);

describe.each([
  ['TCP', () => startHessianProvider()],
  ['UDS', () => startHessianProvider({ uds: tempSocketPath('hessian.sock') })],
])('Java interface over Triple wrapper mode (%s)', (_label, start) => {
  let provider: HessianProviderPeer;
  let transport: Http2Transport;
  let demo: ReturnType<typeof createClient<typeof DemoService>>;

  beforeAll(async () => {
    provider = await start();
    transport = createHttp2Transport(provider.address);
    demo = createClient(DemoService, transport, { application: 'java-interop' });
  });
  afterAll(async () => {
    await transport.close();
    await provider.close();
  });

  it('calls sayHello(String) exactly as a Java consumer does', async () => {
    await expect(demo.sayHello('world')).resolves.toBe('Hello world');
    const call = provider.calls.at(-1)!;
    expect(call.method).toBe('sayHello');
    expect(call.serializeType).toBe('hessian4');
    expect(call.argTypes).toEqual(['java.lang.String']);
    expect(call.headers['content-type']).toBe('application/grpc+proto');
    expect(call.headers['tri-consumer-appname']).toBe('java-interop');
  });

  it('sends primitives, longs beyond 2^53, POJOs and lists with their Java types', async () => {
    await expect(demo.add(2, 40)).resolves.toBe(42);
    expect(provider.calls.at(-1)!.argTypes).toEqual(['int', 'int']);
    const big = await demo.addLongs('9007199254740993', 1);
    expect(String(big)).toBe('9007199254740994');
    await expect(demo.greetUser({ name: 'Ann', age: 30 })).resolves.toBe('Hi Ann (30)');
    expect(provider.calls.at(-1)!.argTypes).toEqual(['demo.User']);
    await expect(demo.echoList(['a', 'b'])).resolves.toEqual(['a', 'b']);
  });

  it('calls methods without arguments and void methods', async () => {
    await expect(demo.noArgs()).resolves.toBe('ok');
    expect(provider.calls.at(-1)!.argTypes).toEqual([]);
    await expect(demo.voidMethod()).resolves.toBeNull();
  });

  it('raises a business exception as a typed JavaException', async () => {
    const err = await demo.fail('boom').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(JavaException);
    const exception = err as JavaException;
    expect(exception.code).toBe(Code.Unknown);
    expect(exception.className).toBe('java.lang.IllegalStateException');
    expect(exception.javaMessage).toBe('boom');
    expect(exception.frames.length).toBeGreaterThan(0);
  });

  it('rejects a bad argument locally with INVALID_ARGUMENT, sending nothing', async () => {
    const before = provider.calls.length;
    await expect(demo.add(1.5, 2)).rejects.toMatchObject({ code: Code.InvalidArgument });
    expect(provider.calls.length).toBe(before);
  });

  it('takes per-call options from a scope: deadline and cancellation reach the provider', async () => {
    await expect(withCallOptions({ timeoutMs: 100 }, () => demo.slow(3000))).rejects.toMatchObject({
      code: Code.DeadlineExceeded,
    });
    await vi.waitFor(() => expect(provider.cancelled).toContain('slow'));
  });
});
