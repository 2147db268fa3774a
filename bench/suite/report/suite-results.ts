import type { Better, ScenarioResult, TargetCheck } from '../scenario.js';

/** The machine and code a suite run measured: what makes its numbers comparable (or not). */
export interface SuiteConditions {
  readonly node: string;
  readonly platform: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly commit: string;
  /** Uncommitted changes under packages/ at run time (`git status --porcelain`), if any. */
  readonly uncommitted: readonly string[];
  /** ISO time the run started. */
  readonly date: string;
  readonly mode: 'full' | 'quick';
  /** 1-minute load average when the run started and ended. */
  readonly loadAverageStart: number;
  readonly loadAverageEnd: number;
  /**
   * CPU other processes took while the suite ran, in cores: machine busy time minus this runner's and
   * its children's. null off Linux. On a 2-core machine 0.5 means a quarter of the machine was busy elsewhere.
   */
  readonly otherLoadCores: number | null;
  readonly totalSeconds: number;
}

/** A scenario that threw instead of reporting. */
export interface ScenarioFailure {
  readonly id: string;
  readonly title: string;
  readonly error: string;
}

/** bench/results.json: one `pnpm bench` run. */
export interface SuiteResults {
  readonly schema: 'dubbo-mesh-bench/1';
  /** The command that reproduces the run. */
  readonly command: string;
  readonly conditions: SuiteConditions;
  readonly scenarios: readonly ScenarioResult[];
  readonly failures: readonly ScenarioFailure[];
  /** Every target of every scenario, in scenario order. */
  readonly targets: readonly (TargetCheck & { readonly scenario: string })[];
}

function fail(what: string): never {
  throw new TypeError(`results.json: ${what}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON turns NaN into null: numbers come back as numbers or NaN. */
function numberOf(value: unknown, what: string): number {
  if (value === null) return Number.NaN;
  if (typeof value !== 'number') fail(`${what} is not a number`);
  return value;
}

function betterOf(value: unknown, what: string): Better {
  if (value !== 'higher' && value !== 'lower') fail(`${what}.better is neither higher nor lower`);
  return value;
}

function checkScenario(value: unknown, index: number): ScenarioResult {
  if (!isRecord(value)) fail(`scenarios[${index}] is not an object`);
  const where = `scenario ${String(value.id)}`;
  if (typeof value.id !== 'string' || typeof value.title !== 'string')
    fail(`scenarios[${index}] has no id/title`);
  if (!isRecord(value.conditions)) fail(`${where}: conditions is not an object`);
  if (!Array.isArray(value.measurements) || !Array.isArray(value.ratios) || !Array.isArray(value.targets)) {
    fail(`${where}: measurements, ratios and targets must be arrays`);
  }
  const measurements = value.measurements.map((m: unknown, i) => {
    if (!isRecord(m) || typeof m.label !== 'string' || typeof m.unit !== 'string' || !isRecord(m.peers)) {
      fail(`${where}: measurements[${i}] is malformed`);
    }
    const peers = Object.fromEntries(
      Object.entries(m.peers).map(([k, v]) => [k, numberOf(v, `${where} ${k}`)]),
    );
    return { label: m.label, unit: m.unit, value: numberOf(m.value, `${where} ${m.label}`), peers };
  });
  const ratios = value.ratios.map((r: unknown, i) => {
    if (!isRecord(r) || typeof r.label !== 'string' || typeof r.peer !== 'string')
      fail(`${where}: ratios[${i}]`);
    const better = betterOf(r.better, `${where}: ratios[${i}]`);
    return { label: r.label, peer: r.peer, ratio: numberOf(r.ratio, `${where} ratio`), better };
  });
  const targets = value.targets.map((t: unknown, i) => {
    if (!isRecord(t) || typeof t.target !== 'string' || typeof t.met !== 'boolean')
      fail(`${where}: targets[${i}]`);
    const better = betterOf(t.better, `${where}: targets[${i}]`);
    return {
      target: t.target,
      measured: numberOf(t.measured, `${where} target`),
      bound: numberOf(t.bound, `${where} bound`),
      better,
      met: t.met,
    };
  });
  return {
    id: value.id,
    title: value.title,
    conditions: value.conditions as ScenarioResult['conditions'],
    measurements,
    ratios,
    targets,
    elapsedMs: numberOf(value.elapsedMs, `${where} elapsedMs`),
  };
}

/** Parses and checks results.json (the report generator and the smoke test read it back). */
export function parseSuiteResults(text: string): SuiteResults {
  const value: unknown = JSON.parse(text);
  if (!isRecord(value) || value.schema !== 'dubbo-mesh-bench/1') fail('schema is not dubbo-mesh-bench/1');
  if (typeof value.command !== 'string') fail('command is not a string');
  if (!isRecord(value.conditions)) fail('conditions is not an object');
  const c = value.conditions;
  for (const field of ['node', 'platform', 'cpuModel', 'commit', 'date', 'mode'] as const) {
    if (typeof c[field] !== 'string') fail(`conditions.${field} is not a string`);
  }
  if (!Array.isArray(value.scenarios) || !Array.isArray(value.failures) || !Array.isArray(value.targets)) {
    fail('scenarios, failures and targets must be arrays');
  }
  const scenarios = value.scenarios.map(checkScenario);
  return {
    schema: 'dubbo-mesh-bench/1',
    command: value.command,
    conditions: {
      node: String(c.node),
      platform: String(c.platform),
      cpuModel: String(c.cpuModel),
      cores: numberOf(c.cores, 'conditions.cores'),
      commit: String(c.commit),
      uncommitted: Array.isArray(c.uncommitted) ? c.uncommitted.map(String) : [],
      date: String(c.date),
      mode: c.mode === 'quick' ? 'quick' : 'full',
      loadAverageStart: numberOf(c.loadAverageStart, 'conditions.loadAverageStart'),
      loadAverageEnd: numberOf(c.loadAverageEnd, 'conditions.loadAverageEnd'),
      otherLoadCores:
        c.otherLoadCores === null ? null : numberOf(c.otherLoadCores, 'conditions.otherLoadCores'),
      totalSeconds: numberOf(c.totalSeconds, 'conditions.totalSeconds'),
    },
    scenarios,
    failures: value.failures.map((f: unknown) => {
      if (!isRecord(f)) fail('failures[] is not an object');
      return { id: String(f.id), title: String(f.title), error: String(f.error) };
    }),
    targets: scenarios.flatMap((s) => s.targets.map((t) => ({ ...t, scenario: s.id }))),
  };
}
