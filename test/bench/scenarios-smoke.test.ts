/**
 * Smoke test of the benchmark suite's scenarios (bench/suite/scenarios): each runs in `--quick` mode
 * through bench/suite/run-one.ts, in its own process from the built packages (`pnpm build` first), and
 * must print a well-formed ScenarioResult. No timing is asserted: these machines are noisy; what is
 * checked is that every scenario runs end to end against its real peers and reports its targets.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../bench/suite/scenario.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUN_ONE = fileURLToPath(new URL('../../bench/suite/run-one.ts', import.meta.url));

/** Runs one scenario in quick mode and returns its parsed stdout. */
function runQuick(id: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', RUN_ONE, id, '--quick'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`run-one ${id} exited with ${code}\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

function expectScenarioResult(value: unknown, id: string): ScenarioResult {
  expect(value).toMatchObject({
    id,
    title: expect.any(String),
    conditions: expect.any(Object),
    measurements: expect.any(Array),
    ratios: expect.any(Array),
    targets: expect.any(Array),
    elapsedMs: expect.any(Number),
  });
  const result = value as ScenarioResult;
  expect(result.measurements.length).toBeGreaterThan(0);
  for (const m of result.measurements) {
    expect(m).toMatchObject({
      label: expect.any(String),
      unit: expect.any(String),
      peers: expect.any(Object),
    });
    // JSON has no NaN: an unmeasurable value comes back as null.
    expect(m.value === null || typeof m.value === 'number').toBe(true);
  }
  for (const r of result.ratios) {
    expect(r).toMatchObject({ label: expect.any(String), peer: expect.any(String) });
    expect(['higher', 'lower']).toContain(r.better);
  }
  expect(result.targets.length).toBeGreaterThan(0);
  for (const t of result.targets) {
    expect(t).toMatchObject({
      target: expect.any(String),
      bound: expect.any(Number),
      met: expect.any(Boolean),
    });
  }
  return result;
}

describe('benchmark scenarios in quick mode (shape only, no timing)', () => {
  it('hessian: our wrapper codec vs hessian.js, one ratio per shape', { timeout: 60_000 }, async () => {
    const result = expectScenarioResult(await runQuick('hessian'), 'hessian');
    expect(result.measurements.map((m) => m.label)).toEqual([
      'String arg encode+decode',
      'POJO 10 fields encode+decode',
      'List of 100 POJOs encode+decode',
    ]);
    expect(result.ratios.every((r) => r.peer === 'hessian.js' && r.ratio > 0)).toBe(true);
  });

  it('fat: decision time at 1,000 and 10,000 providers against 10', { timeout: 60_000 }, async () => {
    const result = expectScenarioResult(await runQuick('fat'), 'fat');
    expect(result.targets).toHaveLength(1);
  });

  it('sidecar: ours vs nginx vs HAProxy without call errors', { timeout: 120_000 }, async () => {
    const result = expectScenarioResult(await runQuick('sidecar'), 'sidecar');
    const errors = result.measurements.find((m) => m.label.endsWith('errors'));
    expect(errors?.value).toBe(0);
    expect(Object.values(errors?.peers ?? {}).every((n) => n === 0)).toBe(true);
  });

  it('footprint: import cost, RSS growth, calls in flight without errors', { timeout: 120_000 }, async () => {
    const result = expectScenarioResult(await runQuick('footprint'), 'footprint');
    const inFlightFailures = result.measurements.filter(
      (m) => m.label.includes('in flight') && (m.label.endsWith('errors') || m.label.includes('unsettled')),
    );
    expect(inFlightFailures.length).toBeGreaterThan(0);
    expect(inFlightFailures.every((m) => m.value === 0)).toBe(true);
  });

  it('fallback: our sidecar killed under load, no call lost', { timeout: 60_000 }, async () => {
    const result = expectScenarioResult(await runQuick('fallback'), 'fallback');
    expect(result.targets.every((t) => t.met)).toBe(true);
  });
});
