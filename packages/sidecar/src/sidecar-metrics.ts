import { type Code, codeName } from '@dubbo-mesh/codec-triple';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

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
  private readonly calls: Counter<'service' | 'method' | 'grpc_code'>;
  private readonly errors: Counter<'service' | 'method' | 'grpc_code'>;
  private readonly latency: Histogram<'service' | 'method'>;
  private readonly requestBytes: Counter<'service' | 'method'>;
  private readonly responseBytes: Counter<'service' | 'method'>;
  private readonly resends: Counter<'service' | 'method' | 'reason'>;
  /** Label objects per service/method (and per code), made once: prom-client reads them, never keeps them. */
  private readonly labelled = new Map<string, MethodLabels>();
  private readonly overflow: MethodLabels = methodLabels('other', 'other');
  /** Calls in flight, counted here and read by the gauge at scrape time (no prom-client work per call). */
  private callsInFlight = 0;

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    const perMethod = ['service', 'method'] as const;
    this.calls = new Counter({
      name: 'dubbo_mesh_sidecar_calls_total',
      help: 'Calls forwarded by the sidecar, by the grpc-status the caller got.',
      labelNames: [...perMethod, 'grpc_code'],
      registers,
    });
    this.errors = new Counter({
      name: 'dubbo_mesh_sidecar_call_errors_total',
      help: 'Calls that ended with a grpc-status other than OK.',
      labelNames: [...perMethod, 'grpc_code'],
      registers,
    });
    this.latency = new Histogram({
      name: 'dubbo_mesh_sidecar_call_duration_seconds',
      help: 'Time from the request headers to the end of the response, as the sidecar saw it.',
      labelNames: perMethod,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.requestBytes = new Counter({
      name: 'dubbo_mesh_sidecar_request_bytes_total',
      help: 'Request body bytes (gRPC frames) forwarded to providers.',
      labelNames: perMethod,
      registers,
    });
    this.responseBytes = new Counter({
      name: 'dubbo_mesh_sidecar_response_bytes_total',
      help: 'Response body bytes (gRPC frames) forwarded to callers.',
      labelNames: perMethod,
      registers,
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
    const labels = this.labels(record.service, record.method);
    const withCode = labels.byCode.get(record.code) ?? labels.withCode(record.code);
    this.calls.inc(withCode);
    if (record.code !== 0) this.errors.inc(withCode);
    this.latency.observe(labels.method, record.seconds);
    if (record.requestBytes > 0) this.requestBytes.inc(labels.method, record.requestBytes);
    if (record.responseBytes > 0) this.responseBytes.inc(labels.method, record.responseBytes);
  }

  resent(service: string, method: string, reason: 'refused' | 'unreachable'): void {
    this.resends.inc({ ...this.labels(service, method).method, reason });
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

  private labels(service: string, method: string): MethodLabels {
    const id = `${service}/${method}`;
    let labels = this.labelled.get(id);
    if (labels) return labels;
    if (this.labelled.size >= MAX_LABELLED_METHODS) return this.overflow;
    labels = methodLabels(service, method);
    this.labelled.set(id, labels);
    return labels;
  }
}

type CodeLabels = { service: string; method: string; grpc_code: string };

/** The label objects of one service/method, and of it with each grpc-status seen. */
interface MethodLabels {
  readonly method: { service: string; method: string };
  readonly byCode: Map<Code, CodeLabels>;
  withCode(code: Code): CodeLabels;
}

function methodLabels(service: string, method: string): MethodLabels {
  const byCode = new Map<Code, CodeLabels>();
  return {
    method: { service, method },
    byCode,
    withCode(code) {
      const labels = { service, method, grpc_code: codeName(code) };
      byCode.set(code, labels);
      return labels;
    },
  };
}
