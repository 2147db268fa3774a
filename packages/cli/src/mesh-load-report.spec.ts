import { describe, expect, it } from 'vitest';
import type { LoadReport } from './load-report.js';
import { meshLoadReport } from './mesh-load-report.js';

const measured: LoadReport = {
  ok: 10,
  failed: 0,
  p50_ms: 1,
  p99_ms: 2,
  rps: 100,
  cpu_us_per_call: 50,
  modes: { mesh: 10 },
  errors: {},
  switches: [],
};

describe('meshLoadReport', () => {
  it('counts calls by the path that carried them and times switches from the first call', () => {
    const report = meshLoadReport(
      measured,
      { thin: 4, fat: 6 },
      [
        { from: 'thin', to: 'fat', reason: 'session-lost', detail: 'killed', at: 10_250 },
        { from: 'fat', to: 'thin', reason: 'recovered', detail: '3 probes', at: 12_000 },
      ],
      10_000,
    );
    expect(report).toEqual({
      ...measured,
      modes: { thin: 4, fat: 6 },
      switches: [
        { at_ms: 250, from: 'thin', to: 'fat', reason: 'session-lost' },
        { at_ms: 2000, from: 'fat', to: 'thin', reason: 'recovered' },
      ],
    });
  });
});
