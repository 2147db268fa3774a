/**
 * A loop harness for in-process micro-benchmarks (tinybench is not a dependency): each contender runs
 * in batches timed with `process.hrtime.bigint()`, after a warm-up that lets V8 optimise it; rounds
 * interleave the contenders so a burst of load on the shared machine hits them alike, and the result
 * is the median per contender and the median of the per-round ratios.
 */
import { median } from '../harness/stats.js';

/** One contender: a function doing one unit of work (one call's encode + decode). */
export interface MicroContender {
  readonly name: string;
  /** Returns something derived from the work, so V8 cannot drop it as dead code. */
  readonly run: () => unknown;
}

export interface MicroBenchOptions {
  /** Time each contender runs before measuring (JIT warm-up), ms. */
  readonly warmupMs: number;
  /** Target wall time of one measured batch, ms; the batch size is calibrated from the warm-up. */
  readonly batchMs: number;
  readonly rounds: number;
}

export interface MicroBenchResult {
  /** Median µs per call by contender name. */
  readonly usPerCall: Readonly<Record<string, number>>;
  /** Every round's µs per call by contender name. */
  readonly rounds: Readonly<Record<string, readonly number[]>>;
  /** Calls per batch by contender name. */
  readonly batchCalls: Readonly<Record<string, number>>;
}

/** Keeps results observable, so the optimiser cannot remove the benchmarked work. */
let sink = 0;

function consume(value: unknown): void {
  if (value instanceof Uint8Array) sink ^= value.length;
  else if (value !== undefined && value !== null) sink ^= 1;
}

/** µs per call of `calls` calls of `run`. */
function timeBatch(run: () => unknown, calls: number): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) consume(run());
  return Number(process.hrtime.bigint() - started) / 1000 / calls;
}

/** Runs `run` in growing batches for about `ms`; returns the µs per call of the last batch. */
function warmUp(run: () => unknown, ms: number): number {
  const until = performance.now() + ms;
  let calls = 10;
  let usPerCall = timeBatch(run, calls);
  while (performance.now() < until) {
    usPerCall = timeBatch(run, calls);
    calls = Math.min(calls * 2, 100_000);
  }
  return usPerCall;
}

/** Runs every contender in interleaved rounds and returns medians (see the file comment). */
export function runMicroBench(
  contenders: readonly MicroContender[],
  options: MicroBenchOptions,
): MicroBenchResult {
  const batchCalls: Record<string, number> = {};
  for (const contender of contenders) {
    const warmUs = warmUp(contender.run, options.warmupMs);
    batchCalls[contender.name] = Math.max(10, Math.round((options.batchMs * 1000) / Math.max(warmUs, 0.01)));
  }
  const rounds: Record<string, number[]> = Object.fromEntries(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < options.rounds; round++) {
    // Alternate the order, so neither contender always runs right after the other's garbage.
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const contender of order) {
      rounds[contender.name]!.push(timeBatch(contender.run, batchCalls[contender.name]!));
    }
  }
  if (sink === Number.MIN_SAFE_INTEGER) process.stderr.write('');
  const usPerCall = Object.fromEntries(
    Object.entries(rounds).map(([name, values]) => [name, median(values)]),
  );
  return { usPerCall, rounds, batchCalls };
}
