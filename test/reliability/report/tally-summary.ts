import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TallyKind } from '../tally.js';

/** The four counts of one area (or of all areas together). */
export type KindCounts = Record<TallyKind, number>;

/** What the tests tallied, summed per area and overall. */
export interface TallySummary {
  readonly total: KindCounts;
  /** Areas in name order. */
  readonly areas: readonly { readonly area: string; readonly counts: KindCounts }[];
  /** Lines that were not a tally record (counted, never silently dropped). */
  readonly malformedLines: number;
}

const KINDS: readonly TallyKind[] = ['badInput', 'fault', 'call', 'lost'];

function zero(): KindCounts {
  return { badInput: 0, fault: 0, call: 0, lost: 0 };
}

function isTallyRecord(value: unknown): value is { kind: TallyKind; count: number; area: string } {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.kind === 'string' &&
    (KINDS as readonly string[]).includes(record.kind) &&
    typeof record.count === 'number' &&
    Number.isFinite(record.count) &&
    typeof record.area === 'string'
  );
}

/** Sums tally lines (`{"kind","count","area"}` JSON, one per line, as tally.ts writes them). */
export function summarizeTallyLines(lines: Iterable<string>): TallySummary {
  const total = zero();
  const byArea = new Map<string, KindCounts>();
  let malformedLines = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      malformedLines++;
      continue;
    }
    if (!isTallyRecord(parsed)) {
      malformedLines++;
      continue;
    }
    let counts = byArea.get(parsed.area);
    if (counts === undefined) {
      counts = zero();
      byArea.set(parsed.area, counts);
    }
    counts[parsed.kind] += parsed.count;
    total[parsed.kind] += parsed.count;
  }
  const areas = [...byArea]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([area, counts]) => ({ area, counts }));
  return { total, areas, malformedLines };
}

/** Reads every `*.jsonl` file the test processes wrote in `dir` and sums them. */
export function summarizeTallyDir(dir: string): TallySummary {
  const lines: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.jsonl')) continue;
    lines.push(...readFileSync(join(dir, name), 'utf8').split('\n'));
  }
  return summarizeTallyLines(lines);
}
