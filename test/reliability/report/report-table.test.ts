/**
 * The report's arithmetic: tally lines summed per area, malformed lines counted, the verdict
 * failing on any lost call or failed test.
 */
import { describe, expect, it } from 'vitest';
import { limitsInForce } from './limits-in-force.js';
import { markdownTable, reportPassed, reportRows } from './render-report.js';
import { summarizeTallyLines } from './tally-summary.js';

const lines = [
  '{"kind":"badInput","count":5000,"area":"frames"}',
  '{"kind":"call","count":10,"area":"frames"}',
  '{"kind":"fault","count":1,"area":"provider killed"}',
  '{"kind":"call","count":3,"area":"provider killed"}',
  '{"kind":"badInput","count":2500,"area":"frames"}',
  '',
  'not json',
  '{"kind":"nonsense","count":1,"area":"x"}',
];
const tests = { files: 2, passed: 4, failed: 0, skipped: 0 };

describe('reliability report', () => {
  it('sums tallies per area and overall, counting malformed lines', () => {
    const summary = summarizeTallyLines(lines);
    expect(summary.total).toEqual({ badInput: 7500, fault: 1, call: 13, lost: 0 });
    expect(summary.areas.map((a) => a.area)).toEqual(['frames', 'provider killed']);
    expect(summary.areas[0]?.counts).toEqual({ badInput: 7500, fault: 0, call: 10, lost: 0 });
    expect(summary.malformedLines).toBe(2);
  });

  it('fails on a lost call, a failed test or a malformed line', () => {
    const clean = summarizeTallyLines(lines.slice(0, 5));
    expect(reportPassed(clean, tests)).toBe(true);
    expect(
      reportPassed(
        summarizeTallyLines([...lines.slice(0, 5), '{"kind":"lost","count":1,"area":"x"}']),
        tests,
      ),
    ).toBe(false);
    expect(reportPassed(clean, { ...tests, failed: 1 })).toBe(false);
    expect(reportPassed(summarizeTallyLines(lines), tests)).toBe(false);
  });

  it('renders one table with totals, the limits in force and a row per area', () => {
    const table = markdownTable(reportRows(summarizeTallyLines(lines.slice(0, 5)), limitsInForce(), tests));
    expect(table).toContain('| bad inputs tried');
    expect(table).toContain('7,500');
    expect(table).toMatch(/limit: max message size [^|]*\| 4 MiB/);
    expect(table).toMatch(/limit: max header list [^|]*\| 32 KiB/);
    expect(table).toContain('area: provider killed');
    // Every row has the same width: it reads as a table in a terminal too.
    const widths = new Set(table.split('\n').map((row) => row.length));
    expect(widths.size).toBe(1);
  });
});
