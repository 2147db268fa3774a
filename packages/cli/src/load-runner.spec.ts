import { Code, RpcError } from '@dubbo-mesh/sdk-core';
import { describe, expect, it } from 'vitest';
import { type LoadProgress, runLoad } from './load-runner.js';

/** A clock that moves only when told: latencies and rates are exact, no sleeps. */
function manualClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('runLoad', () => {
  it('makes exactly `repeat` calls with at most `concurrency` in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    let calls = 0;
    const report = await runLoad({
      call: async () => {
        calls++;
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
      },
      concurrency: 3,
      repeat: 10,
      mode: 'direct',
    });
    expect(calls).toBe(10);
    expect(peak).toBe(3);
    expect(report).toMatchObject({ ok: 10, failed: 0, modes: { direct: 10 }, errors: {}, switches: [] });
  });

  it('counts failures by code name, and times every call with the injected clock', async () => {
    const clock = manualClock();
    let n = 0;
    const progress: LoadProgress[] = [];
    const report = await runLoad({
      call: async () => {
        n++;
        clock.advance(n); // call n takes n ms
        if (n % 2 === 0) throw new RpcError(Code.Unavailable, 'down');
        if (n === 5) throw new Error('not an RpcError');
      },
      concurrency: 1,
      repeat: 5,
      mode: 'direct',
      now: clock.now,
      cpuMicros: () => clock.now() * 10,
      onProgress: (p) => progress.push(p),
    });
    expect(report).toEqual({
      ok: 2,
      failed: 3,
      p50_ms: 3,
      p99_ms: 5,
      rps: 333.3, // 5 calls in 15 ms
      cpu_us_per_call: 30,
      modes: { direct: 5 },
      errors: { UNAVAILABLE: 2, UNKNOWN: 1 },
      switches: [],
    });
    expect(progress.map((p) => [p.done, p.failed])).toEqual([
      [1, 0],
      [2, 1],
      [3, 1],
      [4, 2],
      [5, 3],
    ]);
  });

  it('keeps starting calls until the duration is up, and waits for those in flight', async () => {
    const clock = manualClock();
    const report = await runLoad({
      call: async () => {
        clock.advance(30);
      },
      concurrency: 1,
      durationMs: 100,
      mode: 'direct',
      now: clock.now,
    });
    // Started at 0, 30, 60, 90; the one started at 90 ends at 120 and still counts.
    expect(report.ok).toBe(4);
  });
});
