/**
 * Mesh fallback (performance suite item 6): time from the sidecar's SIGKILL to the first successful
 * call carried by the Fat path, and calls lost (must be 0 for idempotent calls), for our sidecar,
 * nginx and HAProxy as the sidecar. Reuses the chaos tests' rig (test/mesh/chaos-rig.ts): two
 * providers, a file registry, the sidecar in its own process, 8 callers with 20 ms calls.
 *
 * Run: pnpm build && pnpm bench:mesh-fallback
 */
import { type ChaosRig, startChaosRig } from '../test/mesh/chaos-rig.js';
import type { SidecarKind } from '../test/mesh/sidecar-process.js';
import { SteadyLoad, sleep } from '../test/mesh/steady-load.js';

const TRIALS = 5;
const KINDS: SidecarKind[] = ['dubbo-mesh', 'nginx', 'haproxy'];

async function trial(kind: SidecarKind): Promise<{ firstFatMs: number; failed: number; calls: number }> {
  const rig: ChaosRig = await startChaosRig({ kind, idempotentCalls: true });
  try {
    const load = new SteadyLoad((id) => rig.client.unary({ message: id, delayMs: 20 }, { timeoutMs: 5000 }), {
      concurrency: 8,
      pauseMs: 5,
      prefix: kind,
    });
    load.start();
    await sleep(700);
    await load.whenInFlight(4);
    const killedAt = Date.now();
    await rig.sidecar.kill();
    await sleep(1000);
    await load.stop();
    const firstFat = rig.changes.find((c) => c.to === 'fat');
    const afterKill = load.records
      .filter((r) => r.error === undefined && r.startedAt >= (firstFat?.at ?? killedAt))
      .map((r) => r.endedAt);
    return {
      firstFatMs: afterKill.length > 0 ? Math.min(...afterKill) - killedAt : Number.NaN,
      failed: load.records.filter((r) => r.error !== undefined).length,
      calls: load.records.length,
    };
  } finally {
    await rig.close();
  }
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

console.log(
  `Mesh fallback on SIGKILL of the sidecar, Node ${process.version}, ${TRIALS} trials each, idempotent calls`,
);
console.log('| sidecar | first Fat success after the kill (ms, median / max) | calls lost | calls made |');
console.log('|---|---:|---:|---:|');
for (const kind of KINDS) {
  const results = [];
  for (let i = 0; i < TRIALS; i++) {
    process.stderr.write(`${kind}: trial ${i + 1}/${TRIALS}\n`);
    results.push(await trial(kind));
  }
  const times = results.map((r) => r.firstFatMs);
  const lost = results.reduce((n, r) => n + r.failed, 0);
  const calls = results.reduce((n, r) => n + r.calls, 0);
  console.log(
    `| ${kind} | ${median(times).toFixed(0)} / ${Math.max(...times).toFixed(0)} | ${lost} | ${calls} |`,
  );
}
