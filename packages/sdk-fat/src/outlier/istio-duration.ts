const UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000_001,
};

/**
 * Parses an Istio duration as written in YAML (`10s`, `1m30s`, `500ms`, `1.5s`; Go's time.Duration
 * syntax, of which protobuf's `"10.5s"` is a case) into milliseconds. Returns undefined for anything
 * else, including negative durations, which Istio rejects.
 */
export function parseIstioDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(h|ms|m|s|us|µs|ns))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, , unit] of trimmed.matchAll(/(\d+(\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) {
    total += Number(amount) * UNIT_MS[unit!]!;
  }
  return total;
}
