/**
 * Which version of the OpenTelemetry RPC semantic conventions to emit. The conventions were
 * reworked after v1.37 (`rpc.system` → `rpc.system.name`, `rpc.service` folded into
 * `rpc.method`, `rpc.client.duration` in ms → `rpc.client.call.duration` in s), and
 * instrumentations choose with `OTEL_SEMCONV_STABILITY_OPT_IN` (semconv docs/rpc/README.md):
 * - `legacy`: v1.37 and before (the default, what most backends and dashboards read today);
 * - `stable`: the new conventions only (`rpc` in the variable);
 * - `both`: both sets side by side, for a migration (`rpc/dup`, which wins over `rpc`).
 */
export type SemconvMode = 'legacy' | 'stable' | 'both';

/** Reads `OTEL_SEMCONV_STABILITY_OPT_IN` (a comma-separated list) the way the conventions say. */
export function semconvModeFromEnv(
  value: string | undefined = process.env.OTEL_SEMCONV_STABILITY_OPT_IN,
): SemconvMode {
  const items = new Set((value ?? '').split(',').map((item) => item.trim()));
  if (items.has('rpc/dup')) return 'both';
  if (items.has('rpc')) return 'stable';
  return 'legacy';
}

/** True when the mode emits the v1.37 attributes and metrics. */
export function emitsLegacy(mode: SemconvMode): boolean {
  return mode !== 'stable';
}

/** True when the mode emits the stable attributes and metrics. */
export function emitsStable(mode: SemconvMode): boolean {
  return mode !== 'legacy';
}
