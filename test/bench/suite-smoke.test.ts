/**
 * Smoke test of `pnpm bench` (bench/suite/run-suite.ts): runs the unary and streaming scenarios in
 * quick mode (tiny windows, one round) against the built packages, then checks the shape of
 * results.json and that BENCHMARKS.md and the SVG chart are generated, also again from results.json
 * alone. No timing assertions: the numbers of a quick run on a shared machine mean nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSuiteResults, type SuiteResults } from '../../bench/suite/report/suite-results.js';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUN_SUITE = join(REPO_ROOT, 'bench/suite/run-suite.ts');
const WRITE_REPORT = join(REPO_ROOT, 'bench/suite/report/write-benchmarks-md.ts');

/** Generous: starting seven node children takes seconds each on a loaded 2-core machine. */
const SUITE_TIMEOUT_MS = 170_000;

describe('pnpm bench --quick --only unary,streaming', () => {
  let out: string;
  let results: SuiteResults;
  let progress: string;

  beforeAll(async () => {
    out = mkdtempSync(join(os.tmpdir(), 'bench-smoke-'));
    // --no-build: the test run builds first (scripts/setup.sh); the clients load the built dist.
    const { stderr } = await run(
      process.execPath,
      ['--import', 'tsx', RUN_SUITE, '--quick', '--only', 'unary,streaming', '--out', out, '--no-build'],
      { cwd: REPO_ROOT, timeout: SUITE_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
    );
    progress = stderr;
    results = parseSuiteResults(readFileSync(join(out, 'results.json'), 'utf8'));
  }, SUITE_TIMEOUT_MS + 10_000);

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('prints progress lines with elapsed time and an ETA', () => {
    expect(progress).toMatch(/^\[\d+:\d\d\] == 1\/2 unary: .*ETA \d+:\d\d/m);
    expect(progress).toMatch(/^\[\d+:\d\d\] unary: run 1\/\d+ .* \| ETA \d+:\d\d$/m);
    expect(progress).toMatch(/suite done in \d+:\d\d/);
  });

  it('writes results.json with the conditions and both scenarios, none failed', () => {
    expect(results.command).toBe(`pnpm bench --quick --only unary,streaming --out ${out}`);
    expect(results.conditions.mode).toBe('quick');
    expect(results.conditions.node).toBe(process.version);
    expect(results.conditions.cores).toBeGreaterThan(0);
    expect(results.conditions.commit).not.toBe('');
    expect(results.failures).toEqual([]);
    expect(results.scenarios.map((s) => s.id)).toEqual(['unary', 'streaming']);
  });

  it('has every client measured in the unary scenario, with the target checks', () => {
    const unary = results.scenarios.find((s) => s.id === 'unary')!;
    const throughput = unary.measurements.find((m) => m.label === 'unary 8 B c50 req/s')!;
    expect(throughput.unit).toBe('req/s');
    expect(throughput.value).toBeGreaterThan(0);
    expect(Object.keys(throughput.peers).sort()).toEqual(['dubbo-js', 'grpc-js', 'h2']);
    for (const value of Object.values(throughput.peers)) expect(value).toBeGreaterThan(0);
    expect(unary.targets.map((t) => t.target)).toContain('unary 8 B c50 req/s ours/h2 >= 1');
    expect(unary.targets).toHaveLength(10);
    expect(results.targets.filter((t) => t.scenario === 'unary')).toHaveLength(10);
    for (const ratio of unary.ratios) expect(ratio.ratio).toBeGreaterThan(0);
  });

  it('measures messages per second in the streaming scenario', () => {
    const streaming = results.scenarios.find((s) => s.id === 'streaming')!;
    const rate = streaming.measurements.find((m) => m.unit === 'msg/s')!;
    expect(rate.value).toBeGreaterThan(0);
    expect(Object.keys(rate.peers).sort()).toEqual(['grpc-js', 'h2']);
  });

  it('generates BENCHMARKS.md and the SVG chart, and again from results.json alone', async () => {
    const markdown = readFileSync(join(out, 'BENCHMARKS.md'), 'utf8');
    expect(markdown).toContain('## Targets: ');
    expect(markdown).toContain('![ratios ours / peer](ratios.svg)');
    expect(markdown).toContain('### unary: ');
    expect(markdown).toContain('| unary 8 B c50 req/s | req/s |');
    const svg = readFileSync(join(out, 'ratios.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('unary 8 B c50 req/s ours/h2');

    await run(
      process.execPath,
      [
        '--import',
        'tsx',
        WRITE_REPORT,
        join(out, 'results.json'),
        '--markdown',
        join(out, 'again.md'),
        '--svg',
        join(out, 'ratios.svg'),
      ],
      { cwd: REPO_ROOT },
    );
    expect(readFileSync(join(out, 'again.md'), 'utf8')).toBe(markdown);
  });
});
