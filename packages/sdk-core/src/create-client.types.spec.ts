/**
 * Type-level tests: checked by `tsc` (vitest only runs them as no-ops). A `@ts-expect-error` line
 * fails the type check when the error it expects goes away, so each one is a real assertion.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { CallOptions } from './call-options.js';
import { type Client, createClient } from './create-client.js';
import { javaService } from './java-service.js';
import type { ProtoMethods } from './proto-service.js';
import type { MethodDescriptor, ServiceDescriptor } from './service-descriptor.js';
import type { Transport } from './transport.js';

const Calculator = javaService({
  interface: 'x',
  methods: {
    add: { args: ['int', 'int'], returns: 'int' },
    concat: { args: ['java.lang.String', 'long'], returns: 'java.lang.String' },
    ping: { args: [], returns: 'boolean' },
  },
} as const);

type CalculatorClient = Client<typeof Calculator>;

interface HelloRequest {
  name: string;
}
interface HelloReply {
  message: string;
}

type Greeter = ServiceDescriptor<{
  sayHello: MethodDescriptor<HelloRequest, HelloReply, 'unary'>;
  lotsOfReplies: MethodDescriptor<HelloRequest, HelloReply, 'server_streaming'>;
  lotsOfGreetings: MethodDescriptor<HelloRequest, HelloReply, 'client_streaming'>;
  bidiHello: MethodDescriptor<HelloRequest, HelloReply, 'bidi_streaming'>;
}>;

type GreeterClient = Client<Greeter>;

describe('Client types of Java-interface services', () => {
  it('turn a Java signature into a positional function returning a promise', () => {
    expectTypeOf<CalculatorClient['add']>().toEqualTypeOf<(a: number, b: number) => Promise<number>>();
    expectTypeOf<CalculatorClient['concat']>().toEqualTypeOf<
      (s: string, n: number | bigint | string) => Promise<string>
    >();
    expectTypeOf<CalculatorClient['ping']>().toEqualTypeOf<() => Promise<boolean>>();
  });

  it('have exactly the declared methods', () => {
    expectTypeOf<keyof CalculatorClient>().toEqualTypeOf<'add' | 'concat' | 'ping'>();
  });

  it('reject arguments of the wrong type or number', () => {
    // Never called: the body only has to type-check.
    function neverCalled(client: CalculatorClient): void {
      // @ts-expect-error: `int` takes a number, not a string
      void client.add('1', 2);
      // @ts-expect-error: add takes two arguments
      void client.add(1);
      // @ts-expect-error: add takes two arguments
      void client.add(1, 2, 3);
      // @ts-expect-error: Java methods take no CallOptions; options come from withCallOptions
      void client.add(1, 2, { timeoutMs: 5 });
      // @ts-expect-error: the result is a number, not a string
      void ((): Promise<string> => client.add(1, 2));
      // @ts-expect-error: no such method
      void client.subtract(1, 2);
    }
    expectTypeOf(neverCalled).toBeFunction();
  });

  it('come out of createClient', () => {
    expectTypeOf(createClient<typeof Calculator>).returns.toEqualTypeOf<CalculatorClient>();
    expectTypeOf<ReturnType<typeof createClient<typeof Calculator>>['add']>().parameters.toEqualTypeOf<
      [number, number]
    >();
  });
});

describe('Client types of IDL services', () => {
  it('unary: (request, options?) => Promise<reply>', () => {
    expectTypeOf<GreeterClient['sayHello']>().toEqualTypeOf<
      (request: HelloRequest, options?: CallOptions) => Promise<HelloReply>
    >();
  });

  it('server streaming: (request, options?) => AsyncIterable<reply>', () => {
    expectTypeOf<GreeterClient['lotsOfReplies']>().toEqualTypeOf<
      (request: HelloRequest, options?: CallOptions) => AsyncIterable<HelloReply>
    >();
  });

  it('client streaming: (requests, options?) => Promise<reply>', () => {
    expectTypeOf<GreeterClient['lotsOfGreetings']>().toEqualTypeOf<
      (
        requests: AsyncIterable<HelloRequest> | Iterable<HelloRequest>,
        options?: CallOptions,
      ) => Promise<HelloReply>
    >();
  });

  it('bidi streaming: (requests, options?) => AsyncIterable<reply>', () => {
    expectTypeOf<GreeterClient['bidiHello']>().toEqualTypeOf<
      (
        requests: AsyncIterable<HelloRequest> | Iterable<HelloRequest>,
        options?: CallOptions,
      ) => AsyncIterable<HelloReply>
    >();
  });

  it('reject wrong requests and options', () => {
    function neverCalled(client: GreeterClient): void {
      // @ts-expect-error: `name` must be a string
      void client.sayHello({ name: 1 });
      // @ts-expect-error: unknown option
      void client.sayHello({ name: 'a' }, { timeout: 5 });
      // @ts-expect-error: a server-streaming call returns an AsyncIterable, not a promise
      void client.lotsOfReplies({ name: 'a' }).then(() => {});
      // @ts-expect-error: a client-streaming call takes an iterable of requests
      void client.lotsOfGreetings({ name: 'a' });
    }
    expectTypeOf(neverCalled).toBeFunction();
  });

  // Methods of a descriptor loaded at run time are typed unary unless their kinds are named.
  it('a loadProtoService client method accepts a plain request message', () => {
    function neverCalled(transport: Transport, greeter: ServiceDescriptor<ProtoMethods<undefined>>): void {
      const client = createClient(greeter, transport);
      void client.sayHello({ name: 'dubbo' }, { timeoutMs: 1_000 });
    }
    expectTypeOf(neverCalled).toBeFunction();
  });

  it('named kinds type streaming methods of a loadProtoService descriptor', () => {
    function neverCalled(
      transport: Transport,
      greeter: ServiceDescriptor<ProtoMethods<{ list: 'server_streaming' }>>,
    ): void {
      const client = createClient(greeter, transport);
      expectTypeOf(client.list({})).toEqualTypeOf<AsyncIterable<Record<string, unknown>>>();
      // @ts-expect-error: a method not named in the kinds does not exist
      void client.other({});
    }
    expectTypeOf(neverCalled).toBeFunction();
  });
});
