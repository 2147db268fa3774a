import diagnostics from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import { Code, RpcError } from '@dubbo-mesh/codec-triple';
import {
  AggregationTemporality,
  DataPointType,
  type Histogram,
  MeterProvider,
  type MetricData,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../create-client.js';
import { Greeter, ScriptedTransport } from './greeter.fixture.js';
import { INSTRUMENTATION_VERSION } from './instrumentation-scope.js';
import { type OtelMetrics, otelMetrics } from './otel-metrics.js';

/** Collects on demand, as a test wants (no export timer). */
class ManualReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
  async metrics(): Promise<Map<string, MetricData>> {
    const { resourceMetrics } = await this.collect();
    const byName = new Map<string, MetricData>();
    for (const scope of resourceMetrics.scopeMetrics)
      for (const metric of scope.metrics) byName.set(metric.descriptor.name, metric);
    return byName;
  }
}

let recording: OtelMetrics | undefined;
afterEach(() => recording?.close());

function setup(semconv: 'legacy' | 'stable' | 'both' = 'legacy') {
  const reader = new ManualReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  recording = otelMetrics({ meterProvider, semconv, rpcSystem: 'grpc' });
  const transport = new ScriptedTransport();
  return { reader, transport, client: createClient(Greeter, transport) };
}

describe('otelMetrics', () => {
  it('counts calls and errors by service, method and code, and records their duration in ms', async () => {
    const { reader, transport, client } = setup();
    await client.sayHello({ name: 'a' });
    await client.sayHello({ name: 'b' });
    transport.failure = new RpcError(Code.Unavailable, 'down');
    await expect(client.sayHello({ name: 'c' })).rejects.toThrow('down');

    const metrics = await reader.metrics();
    const calls = metrics.get('dubbo_mesh.client.calls');
    expect(calls?.dataPoints.map((p) => [p.attributes['rpc.response.status_code'], p.value])).toEqual([
      ['OK', 2],
      ['UNAVAILABLE', 1],
    ]);
    expect(calls?.dataPoints[0]?.attributes).toMatchObject({
      'rpc.service': 'demo.Greeter',
      'rpc.method': 'SayHello',
    });
    const errors = metrics.get('dubbo_mesh.client.errors');
    expect(errors?.dataPoints.map((p) => p.value)).toEqual([1]);

    const duration = metrics.get('rpc.client.duration');
    expect(duration?.descriptor.unit).toBe('ms');
    expect(duration?.dataPointType).toBe(DataPointType.HISTOGRAM);
    const points = duration?.dataPoints ?? [];
    expect(points.map((p) => [p.attributes['rpc.grpc.status_code'], (p.value as Histogram).count])).toEqual([
      [Code.Ok, 2],
      [Code.Unavailable, 1],
    ]);
    expect(points[0]?.attributes).toMatchObject({
      'rpc.system': 'grpc',
      'rpc.service': 'demo.Greeter',
      'rpc.method': 'SayHello',
    });
    expect(metrics.has('rpc.client.call.duration')).toBe(false);
  });

  it('records rpc.client.call.duration in seconds under the stable conventions, both under rpc/dup', async () => {
    const stable = setup('stable');
    await stable.client.sayHello({ name: 'a' });
    const stableMetrics = await stable.reader.metrics();
    expect(stableMetrics.get('rpc.client.call.duration')?.descriptor.unit).toBe('s');
    expect(stableMetrics.get('rpc.client.call.duration')?.dataPoints[0]?.attributes).toMatchObject({
      'rpc.system.name': 'grpc',
      'rpc.method': 'demo.Greeter/SayHello',
      'rpc.response.status_code': 'OK',
    });
    expect(stableMetrics.has('rpc.client.duration')).toBe(false);
    recording?.close();

    const both = setup('both');
    await both.client.sayHello({ name: 'a' });
    const bothMetrics = await both.reader.metrics();
    expect(bothMetrics.has('rpc.client.duration') && bothMetrics.has('rpc.client.call.duration')).toBe(true);
  });

  it('counts mesh mode switches and skipped registry entries from their channels', async () => {
    const { reader } = setup();
    diagnostics
      .channel('dubbo-mesh:mode-change')
      .publish({ from: 'thin', to: 'fat', reason: 'session-lost', detail: 'x', at: 0 });
    diagnostics
      .channel('dubbo-mesh:mode-change')
      .publish({ from: 'fat', to: 'thin', reason: 'recovered', detail: 'x', at: 1 });
    diagnostics
      .channel('dubbo-mesh:registry:invalid-entry')
      .publish({ registry: 'zookeeper', path: '/dubbo/x/providers/bad', reason: 'malformed URL' });
    const metrics = await reader.metrics();
    expect(
      metrics.get('dubbo_mesh.mesh.mode_switches')?.dataPoints.map((p) => [p.attributes, p.value]),
    ).toEqual([
      [{ from: 'thin', to: 'fat', reason: 'session-lost' }, 1],
      [{ from: 'fat', to: 'thin', reason: 'recovered' }, 1],
    ]);
    expect(
      metrics.get('dubbo_mesh.registry.invalid_entries')?.dataPoints.map((p) => [p.attributes, p.value]),
    ).toEqual([[{ registry: 'zookeeper' }, 1]]);
  });

  it('counts channel events by event and endpoint', async () => {
    const { reader } = setup();
    const channel = diagnostics.channel('dubbo-mesh:channel:event');
    channel.publish({ event: 'connected', endpoint: '127.0.0.1:1' });
    channel.publish({ event: 'goaway', endpoint: '127.0.0.1:1', errorCode: 0 });
    channel.publish({ event: 'connected', endpoint: '127.0.0.1:1' });
    const points = (await reader.metrics()).get('dubbo_mesh.channel.events')?.dataPoints ?? [];
    expect(points.map((p) => [p.attributes, p.value])).toEqual([
      [{ event: 'connected', 'server.address': '127.0.0.1:1' }, 2],
      [{ event: 'goaway', 'server.address': '127.0.0.1:1' }, 1],
    ]);
  });

  it('stops recording and unsubscribes on close', async () => {
    const { reader, client } = setup();
    recording?.close();
    expect(diagnostics.channel('dubbo-mesh:call:end').hasSubscribers).toBe(false);
    await client.sayHello({ name: 'a' });
    expect((await reader.metrics()).get('dubbo_mesh.client.calls')?.dataPoints ?? []).toEqual([]);
  });

  it('names its scope with the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(INSTRUMENTATION_VERSION).toBe(pkg.version);
  });
});
