/**
 * Chaos (issue 4 proof 5): the sidecar is stopped gracefully while calls are in flight through it
 * (nginx: SIGQUIT, its graceful stop — its SIGTERM is a fast stop; HAProxy: SIGUSR1; ours: SIGTERM).
 * It finishes what it carries; new calls go Fat. The methods are NOT idempotent, so a lost call
 * would show as a failure: none may fail.
 */
import { describe, expect, it, vi } from 'vitest';
import { startChaosRig } from './chaos-rig.js';
import { executedTwice } from './counting-peer.js';
import { CHAOS_SIDECAR } from './sidecar-process.js';
import { SteadyLoad, sleep } from './steady-load.js';

/** Slow calls: still running at the provider when the drain starts. */
const SLOW_CALL_MS = 1000;

describe(`sidecar (${CHAOS_SIDECAR}) stopped gracefully with calls in flight`, () => {
  it('loses no in-flight call; later calls go Fat; nothing runs twice', async () => {
    const rig = await startChaosRig({ idempotentCalls: false });
    try {
      const load = new SteadyLoad(
        (id) => rig.client.unary({ message: id, delayMs: 10 }, { timeoutMs: 5000 }),
        {
          concurrency: 4,
          pauseMs: 10,
          prefix: 'steady',
        },
      );
      load.start();
      await sleep(500);
      const slow = Array.from({ length: 8 }, (_, i) =>
        rig.client.unary({ message: `slow-${i}`, delayMs: SLOW_CALL_MS }, { timeoutMs: 5000 }).then(
          () => ({ ok: true as const }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
      );
      const slowExecuted = (): number =>
        rig.providers.flatMap((p) => p.executed).filter((id) => id.startsWith('slow-')).length;
      await vi.waitFor(() => expect(slowExecuted()).toBe(8), { timeout: 2000, interval: 5 });
      const drainAt = Date.now();
      const draining = rig.sidecar.drain();
      const slowResults = await Promise.all(slow);
      const slowDoneMs = Date.now() - drainAt;
      await draining;
      const exitedMs = Date.now() - drainAt;
      await sleep(500);
      await load.stop();
      const afterDrain = load.records.filter((r) => r.startedAt > drainAt);
      console.log(
        `[chaos graceful stop, ${CHAOS_SIDECAR}] 8 calls in flight: ${slowResults.filter((r) => r.ok).length} ok, ` +
          `done ${slowDoneMs} ms after the signal, process gone after ${exitedMs} ms; steady calls ok=${load.ok.length} ` +
          `failed=${load.failed.length} (${JSON.stringify(load.errorCounts())}), ${afterDrain.length} started during or after the drain; ` +
          `switches ${rig.changes.map((c) => `${c.from}->${c.to}:${c.reason}`).join(', ')}`,
      );
      expect(slowResults.every((r) => r.ok)).toBe(true);
      expect(load.failed).toEqual([]);
      expect(executedTwice(rig.providers)).toEqual([]);
      expect(rig.mesh.mode).toBe('fat');
      expect(afterDrain.length).toBeGreaterThan(0);
    } finally {
      await rig.close();
    }
  });
});
