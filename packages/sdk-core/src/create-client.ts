import { Code, createRequestHeaderTemplate, RpcError } from '@dubbo-mesh/codec-triple';
import { type CallOptions, currentCallOptions, mergeCallOptions } from './call-options.js';
import {
  type CallEndMessage,
  type CallStartMessage,
  callEndChannel,
  callStartChannel,
} from './diagnostics.js';
import { type AnyCallFn, applyInterceptors, type Interceptor } from './interceptor.js';
import type { MethodDescriptor, MethodKind, MethodMap, ServiceDescriptor } from './service-descriptor.js';
import type {
  CallRequest,
  CallResponse,
  CallTarget,
  StreamRequest,
  Transport,
  UnaryRequest,
} from './transport.js';

/** How one method looks on a typed client. */
export type ClientMethod<M> = M extends { readonly positional: true } & MethodDescriptor<infer A, infer O>
  ? A extends readonly unknown[]
    ? (...args: A) => Promise<O>
    : never
  : M extends MethodDescriptor<infer I, infer O, infer K>
    ? ClientMethodOfKind<I, O, K>
    : never;

type ClientMethodOfKind<I, O, K extends MethodKind> = K extends 'unary'
  ? (request: I, options?: CallOptions) => Promise<O>
  : K extends 'server_streaming'
    ? (request: I, options?: CallOptions) => AsyncIterable<O>
    : K extends 'client_streaming'
      ? (requests: AsyncIterable<I> | Iterable<I>, options?: CallOptions) => Promise<O>
      : (requests: AsyncIterable<I> | Iterable<I>, options?: CallOptions) => AsyncIterable<O>;

/** The typed client of a service: one function per method. */
export type Client<S extends ServiceDescriptor> = {
  readonly [K in keyof S['methods']]: ClientMethod<S['methods'][K]>;
};

export interface ClientOptions {
  /** The consumer application, sent as `tri-consumer-appname` (providers and sidecars route on it). */
  application?: string;
  /** Outermost first. */
  interceptors?: readonly Interceptor[];
  /** Options applied to every call of this client; per-call options win. */
  defaults?: CallOptions;
  /**
   * Compress request messages of 1 KiB and more. Responses are inflated whatever this says
   * (triple.md §2 Compression); Java providers accept gzip, as do Go and JS.
   */
  compression?: 'gzip';
}

/**
 * Makes a typed client for `descriptor` that sends calls through `transport`.
 *
 * IDL methods take `(request, options?)`; Java-interface methods take their positional arguments,
 * and get per-call options from `withCallOptions(...)` or the client's `defaults`.
 *
 * @example
 * const greeter = createClient(Greeter, createHttp2Transport('127.0.0.1:50051'), { application: 'web' });
 * const reply = await greeter.sayHello({ name: 'dubbo' }, { timeoutMs: 1000 });
 */
export function createClient<S extends ServiceDescriptor>(
  descriptor: S,
  transport: Transport,
  options: ClientOptions = {},
): Client<S> {
  const final: AnyCallFn = (request) =>
    request.stream ? transport.stream(request) : transport.unary(request);
  const call = applyInterceptors(final, options.interceptors ?? []);
  const client: Record<string, unknown> = {};
  const methods: MethodMap = descriptor.methods;
  for (const [localName, method] of Object.entries(methods)) {
    const target: CallTarget = {
      service: descriptor,
      method,
      application: options.application,
      headerTemplate: createRequestHeaderTemplate({
        path: `/${descriptor.serviceName}/${method.name}`,
        version: descriptor.version,
        group: descriptor.group,
        application: options.application,
        messageEncoding: options.compression,
      }),
      compression: options.compression,
    };
    client[localName] = makeMethod(target, call, options.defaults);
  }
  return client as Client<S>;
}

function makeMethod(target: CallTarget, call: AnyCallFn, defaults: CallOptions | undefined): unknown {
  const { method } = target;
  if (method.positional) {
    return (...args: unknown[]) => unary(target, call, args, resolveOptions(defaults, undefined));
  }
  switch (method.kind) {
    case 'unary':
      return (request: unknown, options?: CallOptions) =>
        unary(target, call, request, resolveOptions(defaults, options));
    case 'server_streaming':
      return (request: unknown, options?: CallOptions) =>
        streamMessages(target, call, [request], resolveOptions(defaults, options));
    case 'client_streaming':
      return async (requests: AsyncIterable<unknown> | Iterable<unknown>, options?: CallOptions) => {
        let result: unknown;
        let count = 0;
        for await (const message of streamMessages(
          target,
          call,
          requests,
          resolveOptions(defaults, options),
        )) {
          result = message;
          count++;
        }
        if (count !== 1)
          throw new RpcError(Code.Internal, `client-streaming call returned ${count} messages, expected 1`);
        return result;
      };
    case 'bidi_streaming':
      return (requests: AsyncIterable<unknown> | Iterable<unknown>, options?: CallOptions) =>
        streamMessages(target, call, requests, resolveOptions(defaults, options));
  }
}

/** The options of a call made without any: shared, since options are only read. */
const NO_OPTIONS: CallOptions = Object.freeze({});

function resolveOptions(defaults: CallOptions | undefined, options: CallOptions | undefined): CallOptions {
  const scoped = currentCallOptions();
  if (!scoped && !defaults) return options ?? NO_OPTIONS;
  return mergeCallOptions(mergeCallOptions(defaults, scoped), options);
}

/**
 * Not an `async` function: one `.then` with a shared callback instead of an async frame and its
 * await, unless the caller wants headers or trailers (bench/README.md, "Hot path"). A synchronous
 * throw of an interceptor still becomes a rejection, as it would in an async function.
 */
function unary(
  target: CallTarget,
  call: AnyCallFn,
  message: unknown,
  options: CallOptions,
): Promise<unknown> {
  const request: UnaryRequest = {
    stream: false,
    target,
    message,
    attachments: { ...options.attachments },
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  };
  let pending: Promise<CallResponse>;
  try {
    pending = traced(call, request);
  } catch (error) {
    return Promise.reject(error);
  }
  // An untyped interceptor may answer with a plain value or another library's thenable, which
  // `await` accepted; adopt it rather than call a `.then` it may not have.
  if (!(pending instanceof Promise)) pending = Promise.resolve(pending);
  if (options.onHeader === undefined && options.onTrailer === undefined) return pending.then(unaryMessage);
  return pending.then((response) => {
    const message = unaryMessage(response);
    options.onHeader?.(response.header);
    options.onTrailer?.(response.trailer);
    return message;
  });
}

function unaryMessage(response: CallResponse): unknown {
  if (response.stream)
    throw new RpcError(Code.Internal, 'an interceptor answered a unary call with a stream');
  return response.message;
}

async function* streamMessages(
  target: CallTarget,
  call: AnyCallFn,
  messages: AsyncIterable<unknown> | Iterable<unknown>,
  options: CallOptions,
): AsyncGenerator<unknown> {
  const request: StreamRequest = {
    stream: true,
    target,
    messages: toAsyncIterable(messages),
    attachments: { ...options.attachments },
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  };
  const response = await traced(call, request);
  if (!response.stream)
    throw new RpcError(Code.Internal, 'an interceptor answered a streaming call with a unary response');
  options.onHeader?.(response.header);
  yield* response.messages;
  options.onTrailer?.(response.trailer);
}

/** Arrays stay arrays: the transport may replay them after a refused stream. */
function toAsyncIterable(messages: AsyncIterable<unknown> | Iterable<unknown>): AsyncIterable<unknown> {
  if (Array.isArray(messages) || Symbol.asyncIterator in messages) return messages as AsyncIterable<unknown>;
  const iterable = messages as Iterable<unknown>;
  return {
    async *[Symbol.asyncIterator]() {
      yield* iterable;
    },
  };
}

function traced(call: AnyCallFn, request: CallRequest): Promise<CallResponse> {
  if (!callStartChannel.hasSubscribers && !callEndChannel.hasSubscribers) return call(request);
  const started = performance.now();
  callStartChannel.publish({ request } satisfies CallStartMessage);
  return call(request).then(
    (response) => {
      callEndChannel.publish({
        request,
        error: undefined,
        durationMs: performance.now() - started,
      } satisfies CallEndMessage);
      return response;
    },
    (error: unknown) => {
      callEndChannel.publish({
        request,
        error,
        durationMs: performance.now() - started,
      } satisfies CallEndMessage);
      throw error;
    },
  );
}
