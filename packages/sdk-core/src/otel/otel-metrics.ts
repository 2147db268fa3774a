import diagnostics from 'node:diagnostics_channel';
import { type Attributes, type MeterProvider, metrics } from '@opentelemetry/api';
import type { CallEndMessage } from '../diagnostics.js';
import type { ChannelEventMessage } from '../logging/channel-events.js';
import { callStatus } from './call-status.js';
import { INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION } from './instrumentation-scope.js';
import {
  endAttributes,
  type RpcAttributeSettings,
  type RpcSystem,
  startAttributes,
} from './rpc-attributes.js';
import { emitsLegacy, emitsStable, type SemconvMode, semconvModeFromEnv } from './semconv-mode.js';

export interface OtelMetricsOptions {
  /** Default: the global provider (`metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider;
  /** `rpc.system` of call metrics: `dubbo` (default) or `grpc`. */
  rpcSystem?: RpcSystem;
  /** Which semantic conventions to emit; default from `OTEL_SEMCONV_STABILITY_OPT_IN`, else legacy. */
  semconv?: SemconvMode;
}

/** Stops recording; call it when the meter provider shuts down. */
export interface OtelMetrics {
  close(): void;
}

/** The semconv seconds buckets for `rpc.client.call.duration` (rpc-metrics.md). */
const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/**
 * Records dubbo-mesh metrics through the OpenTelemetry metrics API, fed by the
 * `node:diagnostics_channel` events (docs/observability.md lists them), so no client needs wiring:
 * - `rpc.client.duration` (ms, v1.37) / `rpc.client.call.duration` (s, stable): one per call;
 * - `dubbo_mesh.client.calls` and `dubbo_mesh.client.errors`: counters by service, method, code;
 * - `dubbo_mesh.mesh.mode_switches`: Thin ⇄ Fat switches by from, to and reason;
 * - `dubbo_mesh.registry.invalid_entries`: registry entries skipped, by registry;
 * - `dubbo_mesh.channel.events`: HTTP/2 connection events (connected, GOAWAY...) by event and endpoint.
 *
 * @example
 * const recording = otelMetrics({ meterProvider });
 * // ... on shutdown:
 * recording.close();
 */
export function otelMetrics(options: OtelMetricsOptions = {}): OtelMetrics {
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(
    INSTRUMENTATION_NAME,
    INSTRUMENTATION_VERSION,
  );
  const settings: RpcAttributeSettings = {
    system: options.rpcSystem ?? 'dubbo',
    mode: options.semconv ?? semconvModeFromEnv(),
    server: undefined,
  };
  const legacyDuration = emitsLegacy(settings.mode)
    ? meter.createHistogram('rpc.client.duration', { unit: 'ms', description: 'Duration of outbound RPCs.' })
    : undefined;
  const stableDuration = emitsStable(settings.mode)
    ? meter.createHistogram('rpc.client.call.duration', {
        unit: 's',
        description: 'Duration of outbound RPCs.',
        advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
      })
    : undefined;
  const calls = meter.createCounter('dubbo_mesh.client.calls', {
    unit: '{call}',
    description: 'Calls made by dubbo-mesh clients, by service, method and status code.',
  });
  const errors = meter.createCounter('dubbo_mesh.client.errors', {
    unit: '{call}',
    description: 'Calls that ended with a status other than OK.',
  });
  const modeSwitches = meter.createCounter('dubbo_mesh.mesh.mode_switches', {
    unit: '{switch}',
    description: 'Mesh client switches between Thin (sidecar) and Fat (in-process) modes.',
  });
  const invalidEntries = meter.createCounter('dubbo_mesh.registry.invalid_entries', {
    unit: '{entry}',
    description: 'Registry entries skipped because they could not be parsed.',
  });
  const channelEvents = meter.createCounter('dubbo_mesh.channel.events', {
    unit: '{event}',
    description:
      'HTTP/2 connection events of channels to sidecars and providers: connected, disconnected, connect-failed, goaway, ping-timeout.',
  });

  const onCallEnd = (message: unknown): void => {
    const { request, error, durationMs } = message as CallEndMessage;
    const status = callStatus(error);
    const attributes: Attributes = {
      ...startAttributes(request.target, settings),
      ...endAttributes(status, settings),
    };
    legacyDuration?.record(durationMs, attributes);
    stableDuration?.record(durationMs / 1000, attributes);
    const counted: Attributes = {
      'rpc.service': request.target.service.serviceName,
      'rpc.method': request.target.method.name,
      'rpc.response.status_code': status.codeName,
    };
    calls.add(1, counted);
    if (error !== undefined) errors.add(1, counted);
  };
  const onModeChange = (message: unknown): void => {
    const change = message as { from?: unknown; to?: unknown; reason?: unknown };
    modeSwitches.add(1, { from: String(change.from), to: String(change.to), reason: String(change.reason) });
  };
  const onInvalidEntry = (message: unknown): void => {
    // Not the path or reason: free text, one series per bad node (the logger line carries them).
    const entry = message as { registry?: unknown };
    invalidEntries.add(1, { registry: String(entry.registry) });
  };

  const onChannelEvent = (message: unknown): void => {
    const { event, endpoint } = message as ChannelEventMessage;
    channelEvents.add(1, { event, 'server.address': endpoint });
  };

  const subscriptions: ReadonlyArray<readonly [string, (message: unknown) => void]> = [
    ['dubbo-mesh:call:end', onCallEnd],
    ['dubbo-mesh:mode-change', onModeChange],
    ['dubbo-mesh:registry:invalid-entry', onInvalidEntry],
    ['dubbo-mesh:channel:event', onChannelEvent],
  ];
  for (const [name, listener] of subscriptions) diagnostics.subscribe(name, listener);
  let closed = false;
  return {
    close() {
      if (closed) return;
      closed = true;
      for (const [name, listener] of subscriptions) diagnostics.unsubscribe(name, listener);
    },
  };
}
