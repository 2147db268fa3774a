/**
 * Chaos (issue 4 proof 4): the sidecar dies, then a new one starts on the same socket. The mesh client
 * must go back to Thin within its probe schedule: at most one probe interval at the longest backoff,
 * then `healthyProbesToReturn - 1` probes spaced `initialMs`.
 */
import { describe, expect, it, vi } from 'vitest';
import { PROBE, startChaosRig } from './chaos-rig.js';
import { CHAOS_SIDECAR } from './sidecar-process.js';
import { SteadyLoad, sleep } from './steady-load.js';

/** The longest the probe schedule may take to return, plus the probes' own latency and timer slack. */
const RETURN_BOUND_MS =
  PROBE.backoff.maxMs + (PROBE.healthyProbesToReturn - 1) * PROBE.backoff.initialMs + 1000;

describe(`sidecar (${CHAOS_SIDECAR}) killed, then restarted`, () => {
  it('calls go Fat, then Thin again within the probe schedule, and none fails', async () => {
    const rig = await startChaosRig({ idempotentCalls: true });
    try {
      const load = new SteadyLoad((id) => rig.client.unary({ message: id }, { timeoutMs: 5000 }), {
        concurrency: 4,
        pauseMs: 10,
        prefix: 'restart',
      });
      load.start();
      await sleep(500);
      await rig.sidecar.kill();
      await vi.waitFor(() => expect(rig.mesh.mode).toBe('fat'), { timeout: 5000, interval: 10 });
      // Long enough for failed probes to reach the longest backoff.
      await sleep(3000);
      expect(rig.mesh.mode).toBe('fat');
      await rig.sidecar.restart();
      const restartedAt = Date.now();
      await vi.waitFor(() => expect(rig.mesh.mode).toBe('thin'), { timeout: 10_000, interval: 10 });
      const back = rig.changes.find((change) => change.to === 'thin')!;
      const thinBefore = rig.mesh.stats.callsByMode.thin;
      const viaSidecarBefore = rig.providers[0].executed.length;
      await sleep(500);
      await load.stop();
      const returnMs = back.at - restartedAt;
      console.log(
        `[chaos restart, ${CHAOS_SIDECAR}] back to Thin ${returnMs} ms after the new sidecar listened ` +
          `(bound ${RETURN_BOUND_MS} ms: ${back.detail}); switches ${rig.changes
            .map((c) => `${c.from}->${c.to}:${c.reason}`)
            .join(
              ', ',
            )}; calls ok=${load.ok.length} failed=${load.failed.length}; stats ${JSON.stringify(rig.mesh.stats)}`,
      );
      expect(returnMs).toBeLessThanOrEqual(RETURN_BOUND_MS);
      expect(back.reason).toBe('recovered');
      expect(rig.changes.map((c) => c.to)).toEqual(['fat', 'thin']);
      expect(rig.mesh.stats.callsByMode.thin).toBeGreaterThan(thinBefore);
      expect(rig.providers[0].executed.length).toBeGreaterThan(viaSidecarBefore);
      expect(load.failed).toEqual([]);
    } finally {
      await rig.close();
    }
  });
});
