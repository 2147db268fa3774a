import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './load-report.js';

describe('percentile (nearest rank)', () => {
  const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  it('picks the value at the rank', () => {
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(Float64Array.of(7), 99)).toBe(7);
    expect(percentile(new Float64Array(), 50)).toBe(0);
  });
});

describe('summarize', () => {
  it('computes the report fields of cli.md', () => {
    const report = summarize({
      latencies: [4, 1, 3, 2],
      failed: 1,
      errors: { UNAVAILABLE: 1 },
      elapsedMs: 2000,
      cpuMicros: 1000,
      mode: 'direct',
    });
    expect(report).toEqual({
      ok: 3,
      failed: 1,
      p50_ms: 2,
      p99_ms: 4,
      rps: 2,
      cpu_us_per_call: 250,
      modes: { direct: 4 },
      errors: { UNAVAILABLE: 1 },
      switches: [],
    });
  });

  it('reports zeros for a run without calls', () => {
    expect(
      summarize({ latencies: [], failed: 0, errors: {}, elapsedMs: 0, cpuMicros: 5, mode: 'direct' }),
    ).toMatchObject({
      ok: 0,
      p50_ms: 0,
      rps: 0,
      cpu_us_per_call: 0,
    });
  });
});
