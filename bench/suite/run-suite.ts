/**
 * `pnpm bench`: builds the packages, runs every scenario of the performance suite in turn (issue 5),
 * prints progress with elapsed time and an ETA, writes bench/results.json and regenerates
 * BENCHMARKS.md and bench/ratios.svg from it.
 *
 *   pnpm bench [--only unary,streaming] [--quick] [--out DIR] [--no-build]
 *     --only      scenario ids to run (default: all, in the order below)
 *     --quick     tiny windows, one round: checks the machinery, not the numbers (the smoke test)
 *     --out DIR   write results.json, BENCHMARKS.md and ratios.svg into DIR instead of the defaults
 *                 (bench/results.json, BENCHMARKS.md at the root, bench/ratios.svg)
 *     --no-build  skip `pnpm build` (the dist must be current: clients load the built packages)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sourceState } from '../harness/sdk-build.js';
import { SuiteLoadMeter } from '../harness/suite-load-meter.js';
import type { ScenarioFailure, SuiteResults } from './report/suite-results.js';
import { DEFAULT_PATHS, writeReport } from './report/write-benchmarks-md.js';
import type { Scenario, ScenarioResult } from './scenario.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The scenario modules, in running order, by file name under scenarios/; each exports `scenario`.
 * A file that is not there (yet) is reported and skipped, so adding one is adding its name here.
 */
const SCENARIO_FILES = [
  'unary-matrix',
  'server-streaming',
  'channel-comparison',
  'hessian-overhead',
  'sidecar-proxies',
  'fat-decision',
  'mesh-fallback',
  'footprint',
] as const;

/** The whole suite must end within 10 minutes; the scenarios' budgets are meant to add up to less. */
const SUITE_LIMIT_SECONDS = 600;

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});

const started = Date.now();
function elapsed(): number {
  return (Date.now() - started) / 1000;
}
function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
function log(line: string): void {
  process.stderr.write(`[${clock(elapsed())}] ${line}\n`);
}

function isScenario(value: unknown): value is Scenario {
  if (typeof value !== 'object' || value === null) return false;
  return (
    typeof Reflect.get(value, 'id') === 'string' &&
    typeof Reflect.get(value, 'budgetSeconds') === 'number' &&
    typeof Reflect.get(value, 'run') === 'function'
  );
}

async function loadScenarios(): Promise<{ scenarios: Scenario[]; missing: string[] }> {
  const scenarios: Scenario[] = [];
  const missing: string[] = [];
  for (const file of SCENARIO_FILES) {
    const url = pathToFileURL(join(REPO_ROOT, 'bench', 'suite', 'scenarios', `${file}.ts`)).href;
    try {
      const module: unknown = await import(url);
      const scenario =
        typeof module === 'object' && module !== null ? Reflect.get(module, 'scenario') : undefined;
      if (isScenario(scenario)) scenarios.push(scenario);
      else missing.push(`${file} (exports no scenario)`);
    } catch (err) {
      const code = typeof err === 'object' && err !== null ? Reflect.get(err, 'code') : undefined;
      if (code !== 'ERR_MODULE_NOT_FOUND') throw err;
      missing.push(`${file} (no such file)`);
    }
  }
  return { scenarios, missing };
}

function build(): void {
  log('pnpm build (clients load the built packages)...');
  execFileSync('pnpm', ['build'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  log('built');
}

function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/** Runs the suite; resolves with the exit code (1 when a scenario failed). */
async function main(): Promise<number> {
  const mode = values.quick ? 'quick' : 'full';
  const { scenarios: all, missing } = await loadScenarios();
  for (const file of missing) log(`skipping scenario ${file}`);
  const only = values.only?.split(',').map((id) => id.trim());
  const unknown = only?.filter((id) => !all.some((s) => s.id === id)) ?? [];
  if (unknown.length > 0) {
    throw new Error(
      `--only: unknown scenario ${unknown.join(', ')} (known: ${all.map((s) => s.id).join(', ')})`,
    );
  }
  const scenarios = only === undefined ? all : all.filter((s) => only.includes(s.id));
  if (!values['no-build']) build();

  const budgets = scenarios.map((s) => (mode === 'quick' ? s.budgetSeconds / 8 : s.budgetSeconds));
  const planned = budgets.reduce((a, b) => a + b, 0);
  log(
    `${scenarios.length} scenario(s), ${mode} mode, planned ${clock(planned)} ` +
      `(limit ${clock(SUITE_LIMIT_SECONDS)}): ${scenarios.map((s) => s.id).join(', ')}`,
  );
  if (mode === 'full' && planned > SUITE_LIMIT_SECONDS * 0.9) {
    log(`warning: the budgets add up to ${clock(planned)}, close to the ${clock(SUITE_LIMIT_SECONDS)} limit`);
  }

  const loadMeter = new SuiteLoadMeter();
  const loadAverageStart = os.loadavg()[0] ?? Number.NaN;
  const state = sourceState(REPO_ROOT);
  const results: ScenarioResult[] = [];
  const failures: ScenarioFailure[] = [];
  for (const [index, scenario] of scenarios.entries()) {
    const scenarioStarted = Date.now();
    const budget = budgets[index]!;
    const rest = budgets.slice(index + 1).reduce((a, b) => a + b, 0);
    const eta = (): string => {
      const spent = (Date.now() - scenarioStarted) / 1000;
      return clock(Math.max(0, budget - spent) + rest);
    };
    log(
      `== ${index + 1}/${scenarios.length} ${scenario.id}: ${scenario.title} (budget ${clock(budget)}, ETA ${eta()})`,
    );
    try {
      const result = await scenario.run({
        mode,
        progress: (line) => log(`${scenario.id}: ${line} | ETA ${eta()}`),
      });
      results.push(result);
      const met = result.targets.filter((t) => t.met).length;
      log(
        `${scenario.id} done in ${clock((Date.now() - scenarioStarted) / 1000)}` +
          (result.targets.length > 0 ? `, targets met ${met}/${result.targets.length}` : ''),
      );
    } catch (err) {
      failures.push({ id: scenario.id, title: scenario.title, error: errorText(err) });
      log(`${scenario.id} FAILED: ${errorText(err)}`);
    }
  }

  const argv = process.argv.slice(2).filter((arg) => arg !== '--no-build');
  const suite: SuiteResults = {
    schema: 'dubbo-mesh-bench/1',
    command: `pnpm bench${argv.length > 0 ? ` ${argv.join(' ')}` : ''}`,
    conditions: {
      node: process.version,
      platform: `${os.platform()} ${os.arch()} ${os.release()}`,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      commit: state.commit,
      uncommitted: state.uncommittedInPackages,
      date: new Date(started).toISOString(),
      mode,
      loadAverageStart,
      loadAverageEnd: os.loadavg()[0] ?? Number.NaN,
      otherLoadCores: loadMeter.otherLoadCores(),
      totalSeconds: elapsed(),
    },
    scenarios: results,
    failures,
    targets: results.flatMap((r) => r.targets.map((t) => ({ ...t, scenario: r.id }))),
  };

  const out = values.out === undefined ? undefined : resolve(values.out);
  const paths =
    out === undefined
      ? DEFAULT_PATHS
      : {
          results: join(out, 'results.json'),
          markdown: join(out, 'BENCHMARKS.md'),
          svg: join(out, 'ratios.svg'),
        };
  if (out !== undefined) mkdirSync(out, { recursive: true });
  writeFileSync(paths.results, `${JSON.stringify(suite, null, 2)}\n`);
  writeReport(suite, paths);

  const met = suite.targets.filter((t) => t.met).length;
  log(`wrote ${paths.results}, ${paths.markdown}, ${paths.svg}`);
  log(
    `suite done in ${clock(elapsed())}: targets met ${met}/${suite.targets.length}` +
      (failures.length > 0
        ? `, ${failures.length} scenario(s) failed: ${failures.map((f) => f.id).join(', ')}`
        : ''),
  );
  for (const t of suite.targets) {
    if (!t.met)
      log(`  missed: ${t.target} (measured ${Number.isFinite(t.measured) ? t.measured.toFixed(2) : 'n/a'})`);
  }
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`run-suite: ${errorText(err)}`);
    process.exit(1);
  },
);
