/**
 * Observability: a Greeter provider on grpc-js, called by a dubbo-mesh client traced with
 * OpenTelemetry (a CLIENT span per call, W3C trace context sent as Triple headers) and measured
 * through the OpenTelemetry metrics API; spans and metrics go to the console exporters.
 * Run: pnpm exec tsx --conditions=source examples/observability/main.ts
 */
import { fileURLToPath } from 'node:url';
import { createClient, createHttp2Transport, loadProtoService, RpcError } from '@dubbo-mesh/sdk-core';
import { otelMetrics, otelTracingInterceptor } from '@dubbo-mesh/sdk-core/otel';
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTracedProvider } from './traced-provider.js';

// 1. The application's OpenTelemetry setup (NodeSDK does the same in one call).
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())],
});
trace.setGlobalTracerProvider(tracerProvider);
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
const metricReader = new PeriodicExportingMetricReader({
  exporter: new ConsoleMetricExporter(),
  exportIntervalMillis: 60_000,
});
const meterProvider = new MeterProvider({ readers: [metricReader] });
metrics.setGlobalMeterProvider(meterProvider);

// 2. dubbo-mesh: metrics from its diagnostics channels, spans from an interceptor.
const recording = otelMetrics();
const provider = await startTracedProvider();
const Greeter = loadProtoService<{ sayHello: 'unary'; sayHelloStream: 'server_streaming' }>(
  fileURLToPath(new URL('../quickstart/greeter.proto', import.meta.url)),
  'org.apache.dubbo.demo.Greeter',
);
const transport = createHttp2Transport(provider.address);
const greeter = createClient(Greeter, transport, {
  application: 'observability-demo',
  interceptors: [
    otelTracingInterceptor({
      server: { address: '127.0.0.1', port: Number(provider.address.split(':')[1]) },
    }),
  ],
});

try {
  // 3. Calls inside the application's own span: each call's span is its child.
  await trace.getTracer('observability-demo').startActiveSpan('checkout', async (checkout) => {
    const reply = (await greeter.sayHello({ name: 'dubbo' })) as { message: string };
    console.log(`provider saw traceparent ${reply.message}`);
    const traceId = checkout.spanContext().traceId;
    console.log(`checkout trace id         ${traceId}`);
    console.log(`same trace on both sides: ${reply.message.split('-')[1] === traceId ? 'yes' : 'no'}`);
    let streamed = 0;
    for await (const _ of greeter.sayHelloStream({ name: 'stream' })) streamed++;
    console.log(`server stream: ${streamed} messages`);
    try {
      await greeter.sayHello({ name: '' });
    } catch (err) {
      if (!(err instanceof RpcError)) throw err;
      console.log(`error: ${err.codeName} (its span has status ERROR)`);
    }
    checkout.end();
  });
  // 4. Export the metrics now instead of waiting for the interval.
  await metricReader.forceFlush();
} finally {
  recording.close();
  await transport.close();
  await provider.close();
  await meterProvider.shutdown();
  await tracerProvider.shutdown();
}
