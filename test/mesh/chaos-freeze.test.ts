/**
 * Chaos (issue 4 proof 3): the sidecar is frozen with SIGSTOP under steady load. Its socket still
 * accepts connections and nothing answers: only a PING without an ACK shows it, so the mesh client
 * must notice within the keepalive interval plus timeout and carry calls Fat; then SIGCONT.
 */
import { describe, expect, it, vi } from 'vitest';
import { KEEPALIVE, startChaosRig } from './chaos-rig.js';
import { CHAOS_SIDECAR } from './sidecar-process.js';
import { SteadyLoad, sleep } from './steady-load.js';

describe(`sidecar (${CHAOS_SIDECAR}) frozen with SIGSTOP under steady load`, () => {
  it('is detected within the keepalive interval + timeout; calls go Fat and none fails', async () => {
    const rig = await startChaosRig({ idempotentCalls: true });
    let frozen = false;
    try {
      const load = new SteadyLoad(
        (id) => rig.client.unary({ message: id, delayMs: 20 }, { timeoutMs: 5000 }),
        { concurrency: 8, pauseMs: 5, prefix: 'frozen' },
      );
      load.start();
      await sleep(1000);
      await load.whenInFlight(4);
      const frozenAt = Date.now();
      rig.sidecar.freeze();
      frozen = true;
      await vi.waitFor(() => expect(rig.mesh.mode).toBe('fat'), { timeout: 5000, interval: 10 });
      const toFat = rig.changes.find((change) => change.to === 'fat')!;
      const detectedMs = toFat.at - frozenAt;
      await sleep(1000);
      await load.stop();
      rig.sidecar.thaw();
      frozen = false;
      const firstFat = load.firstSuccessAfter(toFat.at);
      const afterDetection = load.records.filter((r) => r.startedAt > toFat.at);
      console.log(
        `[chaos SIGSTOP, ${CHAOS_SIDECAR}] keepalive ${KEEPALIVE.intervalMs}+${KEEPALIVE.timeoutMs} ms; ` +
          `detected after ${detectedMs} ms (${toFat.reason}: ${toFat.detail}); first Fat success ` +
          `${firstFat ? firstFat.endedAt - frozenAt : '?'} ms after the freeze; calls ok=${load.ok.length} ` +
          `failed=${load.failed.length}; ${afterDetection.length} calls started after detection`,
      );
      // The slack is for timers on a loaded 2-core CI machine; the bound is still one keepalive cycle.
      expect(detectedMs).toBeLessThanOrEqual(KEEPALIVE.intervalMs + KEEPALIVE.timeoutMs + 1000);
      expect(load.failed).toEqual([]);
      expect(afterDetection.length).toBeGreaterThan(0);
      expect(afterDetection.every((r) => r.error === undefined)).toBe(true);
    } finally {
      if (frozen) rig.sidecar.thaw();
      await rig.close();
    }
  });
});
