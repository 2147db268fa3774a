/**
 * The OpenTelemetry interceptor and metrics against a real @grpc/grpc-js server: spans with the RPC
 * semantic conventions, parent/child in-process, and the trace context the server received.
 */
import { fileURLToPath } from 'node:url';
import { Code, createClient, createHttp2Transport, loadProtoService, RpcError } from '@dubbo-mesh/sdk-core';
import { otelMetrics, otelTracingInterceptor } from '@dubbo-mesh/sdk-core/otel';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  AggregationTemporality,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';

const TestService = loadProtoService<{ unary: 'unary'; serverStream: 'server_streaming' }>(
  fileURLToPath(new URL('../peers/proto/test.proto', import.meta.url)),
  'dubbomesh.test.TestService',
);
type EchoResponse = { message: string; metadata: Record<string, string>; index: number };

const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const metricReader = new PeriodicExportingMetricReader({
  exporter: metricExporter,
  exportIntervalMillis: 3_600_000,
});
const meterProvider = new MeterProvider({ readers: [metricReader] });
const recording = otelMetrics({ meterProvider, rpcSystem: 'grpc', semconv: 'legacy' });

let peer: GrpcPeer;
let transport: ReturnType<typeof createHttp2Transport>;
let client: ReturnType<typeof createClient<typeof TestService>>;

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  peer = await startGrpcServer({ name: 'otel-peer' });
  transport = createHttp2Transport(peer.address);
  client = createClient(TestService, transport, {
    application: 'otel-test',
    interceptors: [
      otelTracingInterceptor({
        tracerProvider,
        rpcSystem: 'grpc',
        server: { address: '127.0.0.1', ...(peer.port !== undefined ? { port: peer.port } : {}) },
        semconv: 'legacy',
      }),
    ],
  });
});

afterAll(async () => {
  recording.close();
  await transport?.close();
  await peer?.close();
  await meterProvider.shutdown();
  context.disable();
  propagation.disable();
});

beforeEach(() => spans.reset());

describe('otelTracingInterceptor against grpc-js', () => {
  it('traces a unary call as a child of the active span, and the server receives its trace context', async () => {
    const tracer = tracerProvider.getTracer('app');
    const reply = (await tracer.startActiveSpan('handle-request', async (parent) => {
      try {
        return await client.unary({ message: 'hi' });
      } finally {
        parent.end();
      }
    })) as EchoResponse;

    const finished = spans.getFinishedSpans();
    const parent = finished.find((s) => s.name === 'handle-request');
    const span = finished.find((s) => s.name === 'dubbomesh.test.TestService/Unary');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.attributes).toEqual({
      'rpc.system': 'grpc',
      'rpc.service': 'dubbomesh.test.TestService',
      'rpc.method': 'Unary',
      'server.address': '127.0.0.1',
      'server.port': peer.port,
      'rpc.grpc.status_code': 0,
    });
    expect(span?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    expect(span?.spanContext().traceId).toBe(parent?.spanContext().traceId);

    // grpc-js received the W3C header of the client span: same trace, the client span as parent.
    const traceparent = reply.metadata.traceparent ?? '';
    expect(peer.lastMetadata.traceparent).toBe(traceparent);
    expect(traceparent).toBe(`00-${span?.spanContext().traceId}-${span?.spanContext().spanId}-01`);
  });

  it('records the server status of a failed call as an error span', async () => {
    await expect(
      client.unary({ message: 'x', failCode: Code.NotFound, failMessage: 'no such thing' }),
    ).rejects.toThrow(RpcError);
    const [span] = spans.getFinishedSpans();
    expect(span?.attributes['rpc.grpc.status_code']).toBe(Code.NotFound);
    expect(span?.attributes['error.type']).toBe('NOT_FOUND');
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.status.message).toContain('no such thing');
  });

  it('ends a server-stream span after the last message, with the trace id the server saw', async () => {
    const received: EchoResponse[] = [];
    for await (const message of client.serverStream({ message: 's', count: 3 })) {
      received.push(message as EchoResponse);
      expect(spans.getFinishedSpans()).toHaveLength(0);
    }
    expect(received).toHaveLength(3);
    const [span] = spans.getFinishedSpans();
    expect(span?.name).toBe('dubbomesh.test.TestService/ServerStream');
    expect(span?.attributes['rpc.grpc.status_code']).toBe(Code.Ok);
    expect(peer.lastMetadata.traceparent).toContain(span?.spanContext().traceId);
  });
});

describe('otelMetrics against grpc-js', () => {
  it('counts the calls above by code and records their durations', async () => {
    await metricReader.forceFlush();
    const exported = metricExporter.getMetrics().at(-1);
    const metrics = new Map(
      exported?.scopeMetrics.flatMap((s) => s.metrics.map((m) => [m.descriptor.name, m])),
    );
    const calls = metrics
      .get('dubbo_mesh.client.calls')
      ?.dataPoints.map((p) => [
        p.attributes['rpc.method'],
        p.attributes['rpc.response.status_code'],
        p.value,
      ]);
    expect(calls).toEqual(
      expect.arrayContaining([
        ['Unary', 'OK', 1],
        ['Unary', 'NOT_FOUND', 1],
        ['ServerStream', 'OK', 1],
      ]),
    );
    const durations = metrics.get('rpc.client.duration')?.dataPoints ?? [];
    const total = durations.reduce((sum, p) => sum + (p.value as Histogram).count, 0);
    expect(total).toBe(3);
    expect(
      durations.every((p) => (p.value as Histogram).sum !== undefined && (p.value as Histogram).min! >= 0),
    ).toBe(true);
    // The channel to grpc-js connected once and stayed up for all three calls.
    expect(metrics.get('dubbo_mesh.channel.events')?.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{ event: 'connected', 'server.address': peer.address }, 1],
    ]);
    expect(trace.getSpan(context.active())).toBeUndefined();
  });
});
