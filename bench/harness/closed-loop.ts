import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { LatencyRecorder } from './latency-recorder.js';

export interface ClosedLoopOptions {
  /** Calls in flight at all times: each worker sends its next call as soon as the last one ends. */
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** Awaited between warm-up and the measured window (a profiler starts here). */
  beforeWindow?: () => Promise<void>;
  /** Awaited after the measured window closes, before the workers drain. */
  afterWindow?: () => Promise<void>;
}

export interface ClosedLoopResult {
  /** Calls that completed inside the measured window. */
  calls: number;
  errors: number;
  firstError: string | undefined;
  windowMs: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  cpuUserUs: number;
  cpuSystemUs: number;
  /** (user + system CPU of this process in the window) / calls. */
  cpuUsPerCall: number;
  /** Share of the window the event loop was busy: near 1 means the client process is the bottleneck. */
  eventLoopUtilization: number;
}

/**
 * Drives `call` with a fixed number of calls in flight: a warm-up, then a measured window in which
 * completions, latencies, this process's CPU time and event-loop utilization are counted.
 */
export async function runClosedLoop(
  call: () => Promise<unknown>,
  options: ClosedLoopOptions,
): Promise<ClosedLoopResult> {
  let phase: 'warmup' | 'measure' | 'stop' = 'warmup';
  const latencies = new LatencyRecorder(Math.ceil(options.durationMs * 40));
  let calls = 0;
  let errors = 0;
  let firstError: string | undefined;

  const worker = async (): Promise<void> => {
    while (phase !== 'stop') {
      const started = performance.now();
      try {
        await call();
      } catch (err) {
        firstError ??= err instanceof Error ? err.message : String(err);
        if (phase === 'measure') errors++;
        continue;
      }
      if (phase === 'measure') {
        latencies.record(performance.now() - started);
        calls++;
      }
    }
  };
  const workers = Array.from({ length: options.concurrency }, worker);

  await sleep(options.warmupMs);
  await options.beforeWindow?.();
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  phase = 'measure';

  await sleep(options.durationMs);
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  const measured = calls;
  const measuredErrors = errors;
  phase = 'stop';
  await options.afterWindow?.();
  await Promise.all(workers);

  const windowMs = t1 - t0;
  const latency = latencies.summary();
  return {
    calls: measured,
    errors: measuredErrors,
    firstError,
    windowMs,
    rps: (measured * 1000) / windowMs,
    p50Ms: latency.p50,
    p99Ms: latency.p99,
    meanMs: latency.mean,
    maxMs: latency.max,
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    cpuUsPerCall: measured > 0 ? (cpu.user + cpu.system) / measured : Number.NaN,
    eventLoopUtilization: elu.utilization,
  };
}
