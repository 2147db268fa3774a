import type { LimitRow } from './limits-in-force.js';
import type { KindCounts, TallySummary } from './tally-summary.js';

/** How the test run itself went, from vitest's JSON report. */
export interface TestRunCounts {
  readonly files: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}

function areaCell(counts: KindCounts): string {
  return `${n(counts.badInput)} bad inputs, ${n(counts.fault)} faults, ${n(counts.call)} calls, ${n(counts.lost)} lost`;
}

/** The one table, as [item, value] rows: totals, limits in force, then one row per area. */
export function reportRows(
  summary: TallySummary,
  limits: readonly LimitRow[],
  tests: TestRunCounts,
): string[][] {
  const { total } = summary;
  return [
    ['bad inputs tried', n(total.badInput)],
    ['faults injected', n(total.fault)],
    ['calls made', n(total.call)],
    ['calls lost (must be 0)', n(total.lost)],
    ['tests passed / failed / skipped', `${n(tests.passed)} / ${n(tests.failed)} / ${n(tests.skipped)}`],
    ...limits.map((limit) => [`limit: ${limit.name}`, limit.value]),
    ...summary.areas.map(({ area, counts }) => [`area: ${area}`, areaCell(counts)]),
  ];
}

/** A Markdown table (also what the console shows: it reads fine as plain text). */
export function markdownTable(rows: readonly (readonly string[])[]): string {
  const header = ['item', 'value'];
  const widths = header.map((h, column) =>
    Math.max(h.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** True when the run proves what issue 6 asks: every test passed and no call was lost. */
export function reportPassed(summary: TallySummary, tests: TestRunCounts): boolean {
  return summary.total.lost === 0 && tests.failed === 0 && tests.passed > 0 && summary.malformedLines === 0;
}
