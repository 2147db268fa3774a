/**
 * Chaos (issue 4 proof 1 and 2): the sidecar is SIGKILLed under steady load. The sidecar runs in its own
 * process group (sidecar-process.ts); the Fat path is a file registry listing the same providers.
 */
import { describe, expect, it } from 'vitest';
import { type ChaosRig, startChaosRig } from './chaos-rig.js';
import { executedTwice } from './counting-peer.js';
import { CHAOS_SIDECAR } from './sidecar-process.js';
import { SteadyLoad, sleep } from './steady-load.js';

/** Calls take 20 ms at the provider, so several are always in flight when the sidecar dies. */
const CALL_DELAY_MS = 20;

async function killUnderLoad(rig: ChaosRig, prefix: string): Promise<{ load: SteadyLoad; killedAt: number }> {
  const load = new SteadyLoad(
    (id) => rig.client.unary({ message: id, delayMs: CALL_DELAY_MS }, { timeoutMs: 5000 }),
    {
      concurrency: 8,
      pauseMs: 5,
      prefix,
    },
  );
  load.start();
  await sleep(1000);
  await load.whenInFlight(4);
  const killedAt = Date.now();
  await rig.sidecar.kill();
  await sleep(1500);
  await load.stop();
  return { load, killedAt };
}

function inFlightAt(load: SteadyLoad, time: number): number {
  return load.records.filter((r) => r.startedAt < time && r.endedAt > time).length;
}

describe(`sidecar (${CHAOS_SIDECAR}) SIGKILLed under steady load`, () => {
  it('idempotent calls: none fails; calls go Fat', async () => {
    const rig = await startChaosRig({ idempotentCalls: true });
    try {
      const { load, killedAt } = await killUnderLoad(rig, 'idem');
      const toFat = rig.changes.find((change) => change.to === 'fat');
      const firstFat = toFat && load.firstSuccessAfter(toFat.at);
      console.log(
        `[chaos SIGKILL, idempotent, ${CHAOS_SIDECAR}] calls ok=${load.ok.length} failed=${load.failed.length} ` +
          `in flight at the kill=${inFlightAt(load, killedAt)} switch=${toFat?.reason} after ${toFat ? toFat.at - killedAt : '?'} ms, ` +
          `first Fat success ${firstFat ? firstFat.endedAt - killedAt : '?'} ms after the kill; ` +
          `stats ${JSON.stringify(rig.mesh.stats)}`,
      );
      expect(load.failed).toEqual([]);
      expect(inFlightAt(load, killedAt)).toBeGreaterThan(0);
      expect(rig.mesh.mode).toBe('fat');
      expect(['session-lost', 'connect-refused', 'socket-missing']).toContain(toFat?.reason);
      expect(rig.mesh.stats.callsByMode.fat).toBeGreaterThan(0);
      expect(rig.mesh.stats.resentViaFat).toBeGreaterThan(0);
      expect(firstFat).toBeDefined();
    } finally {
      await rig.close();
    }
  });

  it('non-idempotent calls: every failure is UNAVAILABLE and no call executes twice', async () => {
    const rig = await startChaosRig({ idempotentCalls: false });
    try {
      const { load, killedAt } = await killUnderLoad(rig, 'once');
      const executions = rig.executions();
      const twice = executedTwice(rig.providers);
      console.log(
        `[chaos SIGKILL, non-idempotent, ${CHAOS_SIDECAR}] calls ok=${load.ok.length} failed=${load.failed.length} ` +
          `(${JSON.stringify(load.errorCounts())}) in flight at the kill=${inFlightAt(load, killedAt)}; ` +
          `provider executions=${executions} executed twice=${twice.length}`,
      );
      expect(load.failed.every((r) => r.error === 'UNAVAILABLE')).toBe(true);
      expect(twice).toEqual([]);
      const executed = new Set([...rig.providers[0].executed, ...rig.providers[1].executed]);
      expect(load.ok.every((r) => executed.has(r.id))).toBe(true);
      // Every execution is a call that succeeded, or one that failed after it may have reached a provider.
      expect(executions).toBeGreaterThanOrEqual(load.ok.length);
      expect(executions).toBeLessThanOrEqual(load.ok.length + load.failed.length);
      expect(rig.mesh.mode).toBe('fat');
      expect(load.ok.length).toBeGreaterThan(load.failed.length);
    } finally {
      await rig.close();
    }
  });
});
