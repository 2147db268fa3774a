import { CLIENT_LABELS, type ClientKind } from '../clients/unary-caller.js';
import type { ClientRunResult } from './run-result.js';
import { median } from './stats.js';

export interface RunRecord extends ClientRunResult {
  round: number;
  /** CPU other processes on the machine used during the run, in cores (undefined off Linux). */
  otherLoadCores: number | undefined;
}

export interface ClientSummary {
  kind: ClientKind;
  payloadBytes: number;
  runs: number;
  /** Medians over rounds. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  cpuUsPerCall: number;
  eventLoopUtilization: number;
  rpsMin: number;
  rpsMax: number;
  cpuUsPerCallMin: number;
  cpuUsPerCallMax: number;
}

export interface RatioSummary {
  payloadBytes: number;
  /** ours / this client. */
  versus: ClientKind;
  /** Ratio of the medians. */
  rps: number;
  cpuUsPerCall: number;
  /** The same ratio within each round (the two runs were back to back). */
  rpsPerRound: number[];
  cpuUsPerCallPerRound: number[];
}

export function summarize(runs: readonly RunRecord[]): ClientSummary[] {
  const groups = new Map<string, RunRecord[]>();
  for (const run of runs) {
    const key = `${run.payloadBytes}/${run.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const rps = group.map((r) => r.rps);
    const cpu = group.map((r) => r.cpuUsPerCall);
    return {
      kind: first.kind,
      payloadBytes: first.payloadBytes,
      runs: group.length,
      rps: median(rps),
      p50Ms: median(group.map((r) => r.p50Ms)),
      p99Ms: median(group.map((r) => r.p99Ms)),
      cpuUsPerCall: median(cpu),
      eventLoopUtilization: median(group.map((r) => r.eventLoopUtilization)),
      rpsMin: Math.min(...rps),
      rpsMax: Math.max(...rps),
      cpuUsPerCallMin: Math.min(...cpu),
      cpuUsPerCallMax: Math.max(...cpu),
    };
  });
}

export function ratios(runs: readonly RunRecord[], summaries: readonly ClientSummary[]): RatioSummary[] {
  const out: RatioSummary[] = [];
  const payloads = [...new Set(summaries.map((s) => s.payloadBytes))];
  for (const payloadBytes of payloads) {
    const ours = summaries.find((s) => s.kind === 'ours' && s.payloadBytes === payloadBytes);
    if (!ours) continue;
    for (const versus of ['grpc-js', 'h2'] as const) {
      const other = summaries.find((s) => s.kind === versus && s.payloadBytes === payloadBytes);
      if (!other) continue;
      const perRound = (field: 'rps' | 'cpuUsPerCall'): number[] => {
        const rounds = [...new Set(runs.map((r) => r.round))];
        return rounds.flatMap((round) => {
          const a = runs.find(
            (r) => r.round === round && r.payloadBytes === payloadBytes && r.kind === 'ours',
          );
          const b = runs.find(
            (r) => r.round === round && r.payloadBytes === payloadBytes && r.kind === versus,
          );
          return a && b ? [a[field] / b[field]] : [];
        });
      };
      out.push({
        payloadBytes,
        versus,
        rps: ours.rps / other.rps,
        cpuUsPerCall: ours.cpuUsPerCall / other.cpuUsPerCall,
        rpsPerRound: perRound('rps'),
        cpuUsPerCallPerRound: perRound('cpuUsPerCall'),
      });
    }
  }
  return out;
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 && bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} B`;
}

function formatRps(rps: number): string {
  return rps >= 1000 ? `${(rps / 1000).toFixed(2)}k` : rps.toFixed(0);
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function clientTable(summaries: readonly ClientSummary[]): string {
  return table(
    ['payload', 'client', 'req/s', '(min-max)', 'p50 ms', 'p99 ms', 'CPU us/call', '(min-max)', 'client ELU'],
    summaries.map((s) => [
      formatBytes(s.payloadBytes),
      CLIENT_LABELS[s.kind],
      formatRps(s.rps),
      `(${formatRps(s.rpsMin)}-${formatRps(s.rpsMax)})`,
      s.p50Ms.toFixed(2),
      s.p99Ms.toFixed(2),
      s.cpuUsPerCall.toFixed(1),
      `(${s.cpuUsPerCallMin.toFixed(0)}-${s.cpuUsPerCallMax.toFixed(0)})`,
      s.eventLoopUtilization.toFixed(2),
    ]),
  );
}

export function ratioTable(rows: readonly RatioSummary[]): string {
  const range = (values: readonly number[]): string =>
    values.length === 0 ? '' : `(${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)})`;
  return table(
    ['payload', 'ratio', 'req/s', '(per round)', 'CPU/call', '(per round)'],
    rows.map((r) => [
      formatBytes(r.payloadBytes),
      `ours / ${CLIENT_LABELS[r.versus]}`,
      r.rps.toFixed(2),
      range(r.rpsPerRound),
      r.cpuUsPerCall.toFixed(2),
      range(r.cpuUsPerCallPerRound),
    ]),
  );
}
