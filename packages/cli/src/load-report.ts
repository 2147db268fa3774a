/** The one JSON line load mode prints (cli.md "Load mode"); field names are the contract's. */
export interface LoadReport {
  ok: number;
  failed: number;
  p50_ms: number;
  p99_ms: number;
  rps: number;
  cpu_us_per_call: number;
  /** Calls by the path that carried them. */
  modes: Record<string, number>;
  /** Failed calls by status code name. */
  errors: Record<string, number>;
  /** Mode changes of the mesh client; a direct run has none. */
  switches: { at_ms: number; from: string; to: string; reason: string }[];
}

export interface LoadMeasurements {
  /** Milliseconds of every call, ok or failed: a failure's latency is what the caller waited too. */
  readonly latencies: readonly number[];
  readonly failed: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly elapsedMs: number;
  readonly cpuMicros: number;
  readonly mode: string;
}

/** Turns raw measurements into the report: nearest-rank percentiles, rates rounded for reading. */
export function summarize(m: LoadMeasurements): LoadReport {
  const calls = m.latencies.length;
  const sorted = Float64Array.from(m.latencies).sort();
  return {
    ok: calls - m.failed,
    failed: m.failed,
    p50_ms: round(percentile(sorted, 50), 3),
    p99_ms: round(percentile(sorted, 99), 3),
    rps: m.elapsedMs > 0 ? round((calls * 1000) / m.elapsedMs, 1) : 0,
    cpu_us_per_call: calls > 0 ? round(m.cpuMicros / calls, 1) : 0,
    modes: { [m.mode]: calls },
    errors: { ...m.errors },
    switches: [],
  };
}

/** Nearest rank: the smallest value with at least p% of the values at or below it; 0 with no values. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
