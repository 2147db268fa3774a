import type { ClientSession, MeasuredRun } from './client-session.js';
import type { RunCommand } from './command-loop.js';
import { median } from './stats.js';

/** One cell of a matrix (a payload and a concurrency) and how many rounds it gets. */
export interface Cell extends RunCommand {
  readonly rounds: number;
}

/** Medians over a cell's rounds for one client; NaN where every run of it failed. */
export interface CellSummary {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuUsPerCall: number;
  readonly eventLoopUtilization: number;
  readonly runs: readonly MeasuredRun[];
  /** Why runs failed, if any did. */
  readonly failures: readonly string[];
}

/** `8 B`, `1 KiB`, `16 KiB`. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 && bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} B`;
}

export function cellKey(cell: Pick<RunCommand, 'payloadBytes' | 'concurrency'>): string {
  return `${formatBytes(cell.payloadBytes)} c${cell.concurrency}`;
}

/**
 * Runs every cell for every client, one run at a time: round by round, and within a cell the
 * clients back to back in an order that rotates per cell and round, so drift on a shared machine
 * hits every client alike and none always goes first. A failed run is recorded, not fatal.
 */
export async function runInterleaved<K extends string>(
  sessions: ReadonlyMap<K, ClientSession>,
  cells: readonly Cell[],
  progress: (line: string) => void,
): Promise<Map<string, Map<K, CellSummary>>> {
  const kinds = [...sessions.keys()];
  const runs = new Map<string, { ok: MeasuredRun[]; failed: string[] }>();
  const maxRounds = Math.max(...cells.map((c) => c.rounds));
  const total = cells.reduce((sum, c) => sum + c.rounds, 0) * kinds.length;
  let done = 0;
  for (let round = 0; round < maxRounds; round++) {
    for (const [index, cell] of cells.entries()) {
      if (round >= cell.rounds) continue;
      for (let k = 0; k < kinds.length; k++) {
        const kind = kinds[(k + index + round) % kinds.length]!;
        const key = `${cellKey(cell)}/${kind}`;
        const entry = runs.get(key) ?? { ok: [], failed: [] };
        runs.set(key, entry);
        done++;
        try {
          const run = await sessions.get(kind)!.run(cell);
          entry.ok.push(run);
          const other =
            run.otherLoadCores === undefined ? '' : `, other load ${run.otherLoadCores.toFixed(2)} cores`;
          progress(
            `run ${done}/${total} ${cellKey(cell)} ${kind}: ${Math.round(run.rps)} /s, p99 ${run.p99Ms.toFixed(1)} ms, ` +
              `${run.cpuUsPerCall.toFixed(1)} us CPU/call${other}`,
          );
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          entry.failed.push(message);
          progress(`run ${done}/${total} ${cellKey(cell)} ${kind}: FAILED ${message}`);
        }
      }
    }
  }
  const result = new Map<string, Map<K, CellSummary>>();
  for (const cell of cells) {
    const byKind = new Map<K, CellSummary>();
    for (const kind of kinds) {
      const { ok, failed } = runs.get(`${cellKey(cell)}/${kind}`) ?? { ok: [], failed: [] };
      byKind.set(kind, {
        rps: median(ok.map((r) => r.rps)),
        p50Ms: median(ok.map((r) => r.p50Ms)),
        p99Ms: median(ok.map((r) => r.p99Ms)),
        cpuUsPerCall: median(ok.map((r) => r.cpuUsPerCall)),
        eventLoopUtilization: median(ok.map((r) => r.eventLoopUtilization)),
        runs: ok,
        failures: failed,
      });
    }
    result.set(cellKey(cell), byKind);
  }
  return result;
}

/** Median and max of the other-process load over all runs, for a scenario's conditions. */
export function otherLoadOf(summaries: Iterable<ReadonlyMap<string, CellSummary>>): {
  median: number;
  max: number;
} {
  const loads: number[] = [];
  for (const byKind of summaries) {
    for (const summary of byKind.values()) {
      for (const run of summary.runs) if (run.otherLoadCores !== undefined) loads.push(run.otherLoadCores);
    }
  }
  return { median: median(loads), max: loads.length === 0 ? Number.NaN : Math.max(...loads) };
}
