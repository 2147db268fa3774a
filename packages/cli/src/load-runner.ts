import { RpcError } from '@dubbo-mesh/sdk-core';
import { type LoadReport, summarize } from './load-report.js';

/** Live counts, for the progress line. */
export interface LoadProgress {
  readonly done: number;
  readonly failed: number;
  readonly elapsedMs: number;
}

export interface LoadOptions {
  /** One call; a rejection counts as failed, by its RpcError code name. */
  readonly call: () => Promise<void>;
  /** Most calls in flight at once. */
  readonly concurrency: number;
  /** Make this many calls... */
  readonly repeat?: number | undefined;
  /** ...or keep starting calls for this long. */
  readonly durationMs?: number | undefined;
  /** The path calls take, for `modes` (`direct`, `thin`, `fat`). */
  readonly mode: string;
  /** After every call. */
  readonly onProgress?: (progress: LoadProgress) => void;
  /** Milliseconds; injected for tests. Default `performance.now`. */
  readonly now?: () => number;
  /** This process's CPU time in microseconds; injected for tests. Default from `process.cpuUsage`. */
  readonly cpuMicros?: () => number;
}

/**
 * Load mode (cli.md): `repeat` calls, or calls for `durationMs`, with at most `concurrency` in flight,
 * timing each one. Calls started before the time is up are waited for and counted.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const now = options.now ?? (() => performance.now());
  const cpuMicros = options.cpuMicros ?? processCpuMicros;
  const { repeat, durationMs, concurrency } = options;
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let started = 0;
  let failed = 0;
  const cpuStart = cpuMicros();
  const start = now();
  const more = (): boolean => (repeat !== undefined ? started < repeat : now() - start < (durationMs ?? 0));

  const worker = async (): Promise<void> => {
    while (more()) {
      started++;
      const callStart = now();
      try {
        await options.call();
      } catch (error) {
        failed++;
        const name = RpcError.from(error).codeName;
        errors[name] = (errors[name] ?? 0) + 1;
      }
      latencies.push(now() - callStart);
      options.onProgress?.({ done: latencies.length, failed, elapsedMs: now() - start });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));

  return summarize({
    latencies,
    failed,
    errors,
    elapsedMs: now() - start,
    cpuMicros: cpuMicros() - cpuStart,
    mode: options.mode,
  });
}

function processCpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}
