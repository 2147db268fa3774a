/**
 * The suite's report from a made-up results file: BENCHMARKS.md's tables and target rows, the SVG
 * chart's bars and target ticks, and results.json read back (NaN survives as null). No processes.
 */
import { describe, expect, it } from 'vitest';
import { formatMiss, formatNumber } from '../../bench/suite/report/format.js';
import { renderBenchmarksMd } from '../../bench/suite/report/markdown.js';
import { renderRatiosSvg } from '../../bench/suite/report/ratios-svg.js';
import { parseSuiteResults, type SuiteResults } from '../../bench/suite/report/suite-results.js';
import { checkTarget, type ScenarioResult } from '../../bench/suite/scenario.js';

const unary: ScenarioResult = {
  id: 'unary',
  title: 'Unary',
  conditions: { transport: 'UDS | h2c', durationMs: 1500 },
  measurements: [
    { label: 'unary 8 B c50 req/s', unit: 'req/s', value: 16_000, peers: { 'grpc-js': 8000, h2: 20_000 } },
    { label: 'unary 8 B c50 p99', unit: 'ms', value: Number.NaN, peers: { 'grpc-js': 20 } },
  ],
  ratios: [
    { label: 'unary 8 B c50 req/s', peer: 'grpc-js', ratio: 2, better: 'higher' },
    { label: 'unary 8 B c50 req/s', peer: 'h2', ratio: 0.8, better: 'higher' },
    { label: 'unary 8 B c50 p99', peer: 'grpc-js', ratio: 40, better: 'lower' },
  ],
  targets: [
    checkTarget('unary 8 B c50 req/s ours/grpc-js >= 1.7', 2, 1.7, 'higher'),
    checkTarget('unary 8 B c50 req/s ours/h2 >= 1', 0.8, 1, 'higher'),
  ],
  elapsedMs: 120_000,
};

const results: SuiteResults = {
  schema: 'dubbo-mesh-bench/1',
  command: 'pnpm bench',
  conditions: {
    node: 'v20.20.2',
    platform: 'linux x64',
    cpuModel: 'Test CPU',
    cores: 2,
    commit: 'abc1234',
    uncommitted: [],
    date: '2026-11-27T06:00:00.000Z',
    mode: 'full',
    loadAverageStart: 1.5,
    loadAverageEnd: 2,
    otherLoadCores: 0.25,
    totalSeconds: 400,
  },
  scenarios: [unary],
  failures: [{ id: 'sidecar', title: 'Sidecar', error: 'nginx not found' }],
  targets: unary.targets.map((t) => ({ ...t, scenario: 'unary' })),
};

describe('suite report', () => {
  it('round-trips through results.json, NaN as null', () => {
    const back = parseSuiteResults(JSON.stringify(results));
    expect(back.scenarios[0]!.measurements[1]!.value).toBeNaN();
    expect(back.targets).toHaveLength(2);
    expect(back.failures[0]!.id).toBe('sidecar');
    expect(() => parseSuiteResults('{"schema":"other"}')).toThrow(/schema/);
  });

  it('writes the conditions, every target with how far a missed one is, and a table per scenario', () => {
    const markdown = renderBenchmarksMd(results, 'bench/ratios.svg');
    expect(markdown).toContain('pnpm bench\n');
    expect(markdown).toContain('| CPU | Test CPU, 2 cores |');
    expect(markdown).toContain('## Targets: 1 of 2 met');
    expect(markdown).toContain(
      '| unary | unary 8 B c50 req/s ours/h2 >= 1 | 0.800 | **missed** (-20% vs the bound) |',
    );
    expect(markdown).toContain('| unary 8 B c50 req/s | req/s | 16,000 | 8,000 | 20,000 | 2.00x | 0.80x |');
    expect(markdown).toContain('| unary 8 B c50 p99 | ms | n/a | 20.0 |  | n/a |  |');
    expect(markdown).toContain('| transport | UDS \\| h2c |');
    expect(markdown).toContain('![ratios ours / peer](bench/ratios.svg)');
    expect(markdown).toContain('| sidecar | nginx not found |');
  });

  it('draws one bar per ratio, coloured by its target, a tick at each bound, clamped bars dashed', () => {
    const svg = renderRatiosSvg(results.scenarios, 'caption');
    const bars =
      svg.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="11" fill="#[0-9a-f]+"[^>]*\/>/g) ?? [];
    expect(bars).toHaveLength(3);
    expect(bars[0]).toContain('#2e7d32');
    expect(bars[1]).toContain('#c62828');
    expect(bars[2]).toContain('stroke-dasharray');
    expect(svg.match(/stroke-width="2.5"/g)).toHaveLength(2);
    expect(svg).toContain('40.00x');
  });

  it('formats numbers and misses', () => {
    expect(formatNumber(15_832.4)).toBe('15,832');
    expect(formatNumber(0.0421)).toBe('0.0421');
    expect(formatNumber(Number.NaN)).toBe('n/a');
    expect(formatMiss(1.3, 1.2)).toBe('+8%');
    expect(formatMiss(Number.NaN, 1)).toBe('not measured');
  });
});
