/**
 * Runs one suite scenario and prints its ScenarioResult as JSON on stdout (progress goes to stderr):
 *
 *   pnpm exec tsx bench/suite/run-one.ts <id> [--quick]
 *
 * Packages resolve to their built dist (`pnpm build` first) unless `--conditions=source` is given to
 * node. `pnpm bench` (run-suite.ts) runs every scenario; this runs one, for working on it.
 */
import { parseArgs } from 'node:util';
import type { Scenario } from './scenario.js';

/** The scenarios this runner knows, by id; each module is loaded only when its id is asked for. */
const SCENARIOS: Readonly<Record<string, () => Promise<{ scenario: Scenario }>>> = {
  hessian: () => import('./scenarios/hessian-overhead.js'),
  sidecar: () => import('./scenarios/sidecar-proxies.js'),
  footprint: () => import('./scenarios/footprint.js'),
  fat: () => import('./scenarios/fat-decision.js'),
  fallback: () => import('./scenarios/mesh-fallback.js'),
};

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { quick: { type: 'boolean', default: false } },
  });
  const id = positionals[0];
  const load = id === undefined ? undefined : SCENARIOS[id];
  if (load === undefined) {
    throw new Error(`usage: run-one.ts <${Object.keys(SCENARIOS).join('|')}> [--quick]`);
  }
  const { scenario } = await load();
  const result = await scenario.run({
    mode: values.quick ? 'quick' : 'full',
    progress: (line) => process.stderr.write(`[${scenario.id}] ${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`run-one: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
