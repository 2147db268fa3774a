/**
 * Mesh fallback (performance suite item 6): time from the sidecar's SIGKILL to the first successful
 * call carried by the Fat path, and calls lost (must be 0 for idempotent calls), for our sidecar,
 * nginx and HAProxy as the sidecar, 5 trials each. The trial is the suite's `fallback` scenario's
 * (bench/suite/scenarios/mesh-fallback.ts), which reuses the chaos tests' rig.
 *
 * Run: pnpm build && pnpm bench:mesh-fallback
 */
import { median } from './harness/stats.js';
import { fallbackKinds, measureFallback } from './suite/scenarios/mesh-fallback.js';

const TRIALS = 5;

const kinds = fallbackKinds();
const results = await measureFallback(kinds, TRIALS, (line) => process.stderr.write(`${line}\n`));
console.log(
  `Mesh fallback on SIGKILL of the sidecar, Node ${process.version}, ${TRIALS} trials each, idempotent calls`,
);
console.log('| sidecar | first Fat success after the kill (ms, median / max) | calls lost | calls made |');
console.log('|---|---:|---:|---:|');
for (const kind of kinds) {
  const trials = results.get(kind)!;
  const times = trials.map((r) => r.firstFatMs);
  const lost = trials.reduce((n, r) => n + r.failed, 0);
  const calls = trials.reduce((n, r) => n + r.calls, 0);
  console.log(
    `| ${kind} | ${median(times).toFixed(0)} / ${Math.max(...times).toFixed(0)} | ${lost} | ${calls} |`,
  );
}
