import { Code, RpcError } from '@dubbo-mesh/codec-triple';
import {
  type Context,
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  type TextMapPropagator,
  type TextMapSetter,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../create-client.js';
import { Greeter, ScriptedTransport } from './greeter.fixture.js';
import { otelTracingInterceptor } from './tracing-interceptor.js';

/** Writes the active span's ids as `x-trace`, so a test sees what the propagation API was given. */
class RecordingPropagator implements TextMapPropagator {
  inject(ctx: Context, carrier: unknown, setter: TextMapSetter): void {
    const span = trace.getSpanContext(ctx);
    if (span) setter.set(carrier, 'x-trace', `${span.traceId}:${span.spanId}`);
  }
  extract(ctx: Context): Context {
    return ctx;
  }
  fields(): string[] {
    return ['x-trace'];
  }
}

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
  propagation.setGlobalPropagator(new RecordingPropagator());
});
afterAll(() => {
  context.disable();
  propagation.disable();
});
beforeEach(() => exporter.reset());

function setup(options: Parameters<typeof otelTracingInterceptor>[0] = {}) {
  const transport = new ScriptedTransport();
  const client = createClient(Greeter, transport, {
    interceptors: [otelTracingInterceptor({ tracerProvider: provider, semconv: 'legacy', ...options })],
  });
  return { transport, client };
}

describe('otelTracingInterceptor', () => {
  it('makes a CLIENT span named service/method with the rpc attributes, child of the active span', async () => {
    const { client, transport } = setup({ server: { address: '127.0.0.1', port: 50051 } });
    const parent = provider.getTracer('test').startSpan('parent');
    await context.with(trace.setSpan(context.active(), parent), () => client.sayHello({ name: 'x' }));
    parent.end();
    const [span] = exporter.getFinishedSpans().filter((s) => s.name !== 'parent');
    expect(span?.name).toBe('demo.Greeter/SayHello');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.attributes).toEqual({
      'rpc.system': 'apache_dubbo',
      'rpc.service': 'demo.Greeter',
      'rpc.method': 'SayHello',
      'server.address': '127.0.0.1',
      'server.port': 50051,
    });
    expect(span?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(span?.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    // The propagator saw the call's own span, and its fields went out as attachments.
    expect(transport.seen[0]?.attachments['x-trace']).toBe(
      `${span?.spanContext().traceId}:${span?.spanContext().spanId}`,
    );
  });

  it('records a failed call as an error with its gRPC status code (rpc.system grpc)', async () => {
    const { client, transport } = setup({ rpcSystem: 'grpc' });
    transport.failure = new RpcError(Code.DeadlineExceeded, 'too slow');
    await expect(client.sayHello({ name: 'x' })).rejects.toThrow('too slow');
    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes['rpc.system']).toBe('grpc');
    expect(span?.attributes['rpc.grpc.status_code']).toBe(Code.DeadlineExceeded);
    expect(span?.attributes['error.type']).toBe('DEADLINE_EXCEEDED');
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: '[DEADLINE_EXCEEDED] too slow' });
    expect(span?.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('ends a stream span only when the stream has ended', async () => {
    const { client } = setup({ rpcSystem: 'grpc' });
    const iterator = client.lotsOfReplies({ name: 'x' })[Symbol.asyncIterator]();
    await iterator.next();
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    await iterator.next();
    expect((await iterator.next()).done).toBe(true);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('demo.Greeter/LotsOfReplies');
    expect(span?.attributes['rpc.grpc.status_code']).toBe(Code.Ok);
  });

  it('marks a stream that failed midway, and one its reader abandoned', async () => {
    const { client, transport } = setup({ rpcSystem: 'grpc' });
    transport.streamFailure = new RpcError(Code.Unavailable, 'gone');
    await expect(async () => {
      for await (const _ of client.lotsOfReplies({ name: 'x' })) {
      }
    }).rejects.toThrow('gone');
    transport.streamFailure = undefined;
    for await (const _ of client.lotsOfReplies({ name: 'y' })) break;
    const [failed, abandoned] = exporter.getFinishedSpans();
    expect(failed?.attributes['rpc.grpc.status_code']).toBe(Code.Unavailable);
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(abandoned?.attributes['dubbo_mesh.stream.abandoned']).toBe(true);
    expect(abandoned?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('emits the stable conventions when asked', async () => {
    const { client, transport } = setup({ semconv: 'stable' });
    transport.failure = new TypeError('interceptor bug');
    await expect(client.sayHello({ name: 'x' })).rejects.toThrow('interceptor bug');
    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes).toEqual({
      'rpc.system.name': 'dubbo',
      'rpc.method': 'demo.Greeter/SayHello',
      'rpc.response.status_code': 'UNKNOWN',
      'error.type': 'TypeError',
    });
  });

  it('adds the attributes the application computes', async () => {
    const { client } = setup({
      attributes: (request) => ({ 'app.kind': request.stream ? 'stream' : 'unary' }),
    });
    await client.sayHello({ name: 'x' });
    expect(exporter.getFinishedSpans()[0]?.attributes['app.kind']).toBe('unary');
  });
});
