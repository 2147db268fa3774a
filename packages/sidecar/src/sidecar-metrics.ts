import type { Code } from '@dubbo-mesh/codec-triple';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { MethodSeries } from './method-series.js';

/** Distinct service/method pairs labelled before the rest fold into `other`: paths come from callers. */
const MAX_LABELLED_METHODS = 1000;

/** Latency buckets in seconds: sub-millisecond hops on a UDS up to calls that hit a 10 s deadline. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What one forwarded call did, reported once when it ends. */
export interface CallRecord {
  readonly service: string;
  readonly method: string;
  /** The grpc-status the caller got (a reset counts as its gRPC reading). */
  readonly code: Code;
  readonly seconds: number;
  readonly requestBytes: number;
  readonly responseBytes: number;
}

/**
 * The sidecar's Prometheus metrics (prom-client, one registry per sidecar so two in one process do
 * not collide): calls and errors by grpc-status, a latency histogram and body bytes, per service and
 * method; calls in flight; re-sends of calls that provably never reached a provider.
 */
export class SidecarMetrics {
  readonly registry = new Registry();
  private readonly latency: Histogram<'service' | 'method'>;
  private readonly resends: Counter<'service' | 'method' | 'reason'>;
  /**
   * Calls and bytes per service/method, counted here and handed to the counters at scrape time
   * (their `collect`); the overflow series takes every method past the limit.
   */
  private readonly series = new Map<string, MethodSeries>();
  private readonly overflow = new MethodSeries('other', 'other');
  /** Calls in flight, counted here and read by the gauge at scrape time (no prom-client work per call). */
  private callsInFlight = 0;

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    const perMethod = ['service', 'method'] as const;
    const allSeries = (): Iterable<MethodSeries> => this.allSeries();
    new Counter({
      name: 'dubbo_mesh_sidecar_calls_total',
      help: 'Calls forwarded by the sidecar, by the grpc-status the caller got.',
      labelNames: [...perMethod, 'grpc_code'],
      registers,
      collect() {
        this.reset();
        for (const series of allSeries()) {
          for (const counted of series.byCode.values()) this.inc(counted.labels, counted.calls);
        }
      },
    });
    new Counter({
      name: 'dubbo_mesh_sidecar_call_errors_total',
      help: 'Calls that ended with a grpc-status other than OK.',
      labelNames: [...perMethod, 'grpc_code'],
      registers,
      collect() {
        this.reset();
        for (const series of allSeries()) {
          for (const [code, counted] of series.byCode)
            if (code !== 0) this.inc(counted.labels, counted.calls);
        }
      },
    });
    this.latency = new Histogram({
      name: 'dubbo_mesh_sidecar_call_duration_seconds',
      help: 'Time from the request headers to the end of the response, as the sidecar saw it.',
      labelNames: perMethod,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    new Counter({
      name: 'dubbo_mesh_sidecar_request_bytes_total',
      help: 'Request body bytes (gRPC frames) forwarded to providers.',
      labelNames: perMethod,
      registers,
      collect() {
        this.reset();
        for (const series of allSeries()) {
          if (series.requestBytes > 0) this.inc(series.labels, series.requestBytes);
        }
      },
    });
    new Counter({
      name: 'dubbo_mesh_sidecar_response_bytes_total',
      help: 'Response body bytes (gRPC frames) forwarded to callers.',
      labelNames: perMethod,
      registers,
      collect() {
        this.reset();
        for (const series of allSeries()) {
          if (series.responseBytes > 0) this.inc(series.labels, series.responseBytes);
        }
      },
    });
    const inFlightNow = (): number => this.callsInFlight;
    new Gauge({
      name: 'dubbo_mesh_sidecar_calls_in_flight',
      help: 'Calls being forwarded now.',
      registers,
      collect() {
        this.set(inFlightNow());
      },
    });
    this.resends = new Counter({
      name: 'dubbo_mesh_sidecar_resends_total',
      help: 'Attempts sent again because the previous one provably never reached a provider.',
      labelNames: [...perMethod, 'reason'],
      registers,
    });
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  callStarted(): void {
    this.callsInFlight++;
  }

  callEnded(record: CallRecord): void {
    this.callsInFlight--;
    const series = this.seriesOf(record.service, record.method);
    series.count(record.code);
    series.requestBytes += record.requestBytes;
    series.responseBytes += record.responseBytes;
    this.latency.observe(series.labels, record.seconds);
  }

  resent(service: string, method: string, reason: 'refused' | 'unreachable'): void {
    this.resends.inc({ ...this.seriesOf(service, method).labels, reason });
  }

  /**
   * Exposes the registry's count of skipped malformed entries (provider URLs, instance JSON; sdk-fat
   * `invalidEntryCount`), read at each scrape.
   */
  countInvalidRegistryEntries(read: () => number): void {
    new Counter({
      name: 'dubbo_mesh_sidecar_registry_invalid_entries_total',
      help: 'Registry entries skipped because they cannot be parsed (each logged once, with its reason).',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  }

  /** The exposition text and its content type, for `/metrics`. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }

  private seriesOf(service: string, method: string): MethodSeries {
    const id = `${service}/${method}`;
    let series = this.series.get(id);
    if (series) return series;
    if (this.series.size >= MAX_LABELLED_METHODS) return this.overflow;
    series = new MethodSeries(service, method);
    this.series.set(id, series);
    return series;
  }

  private *allSeries(): Iterable<MethodSeries> {
    yield* this.series.values();
    yield this.overflow;
  }
}
