const UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 1e-3,
  µs: 1e-3,
  ns: 1e-6,
};

/**
 * Milliseconds of an Istio duration (`10s`, `30s`, `500ms`, `1.5s`, `1m30s`: protobuf Duration text
 * and the Go `time.ParseDuration` forms Istio accepts, governance.md §7 table); undefined when
 * malformed or negative.
 */
export function parseDuration(text: string): number | undefined {
  if (!/^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:h|ms|m|s|us|µs|ns))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(h|ms|m|s|us|µs|ns)/g)) {
    total += Number(amount) * UNIT_MS[unit!]!;
  }
  return Number.isFinite(total) ? total : undefined;
}
