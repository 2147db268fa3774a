/**
 * Simulating smooth round robin costs O(period × providers), once per weight table. Up to this many
 * steps (tens of milliseconds) the exact sequence is built; beyond it, interleaved round robin.
 */
export const SMOOTH_SCHEDULE_BUDGET = 1 << 24;
/** Longest schedule kept in memory; longer periods are scaled down, ratios kept to within 1/2²². */
export const MAX_SCHEDULE_LENGTH = 1 << 22;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * One period of smooth weighted round robin (governance.md §5, Java `RoundRobinLoadBalance`): every
 * step adds each weight to its provider's current value, picks the largest (the first on a tie) and
 * takes the total off it. The sequence repeats after Σw/gcd(w) picks, so the balancer replays it
 * with a cursor instead of walking every provider per call. 5/1/1 gives A A B A C A A.
 *
 * Returns `undefined` when all weights are equal (plain round robin, index = step mod n); also when
 * they are all zero, where Java would pick the first provider forever. For a set too large and too
 * unevenly weighted to simulate, the same proportions come interleaved (weighted-schedule rounds).
 */
export function smoothRoundRobinSchedule(weights: ArrayLike<number>): Int32Array | undefined {
  const n = weights.length;
  let divisor = 0;
  let equal = true;
  for (let i = 0; i < n; i++) {
    const w = Math.max(0, weights[i]!);
    if (w !== Math.max(0, weights[0]!)) equal = false;
    if (w > 0) divisor = gcd(w, divisor);
  }
  if (equal || divisor === 0) return undefined;
  const reduced = Array.from({ length: n }, (_, i) => Math.max(0, weights[i]!) / divisor);
  const total = reduced.reduce((sum, w) => sum + w, 0);
  return total * n <= SMOOTH_SCHEDULE_BUDGET
    ? smoothSchedule(reduced, total)
    : interleavedSchedule(reduced, total);
}

function smoothSchedule(weights: readonly number[], total: number): Int32Array {
  const n = weights.length;
  const current = new Float64Array(n);
  const schedule = new Int32Array(total);
  for (let step = 0; step < total; step++) {
    let best = 0;
    for (let i = 0; i < n; i++) {
      current[i] += weights[i]!;
      if (current[i]! > current[best]!) best = i;
    }
    current[best] -= total;
    schedule[step] = best;
  }
  return schedule;
}

/** Round r visits, in order, every provider whose weight is at least r: O(period) to build. */
function interleavedSchedule(weights: readonly number[], total: number): Int32Array {
  let scaled = weights;
  if (total > MAX_SCHEDULE_LENGTH) {
    const factor = MAX_SCHEDULE_LENGTH / total;
    scaled = weights.map((w) => (w > 0 ? Math.max(1, Math.round(w * factor)) : 0));
  }
  const order = scaled.map((_, i) => i).sort((a, b) => scaled[b]! - scaled[a]! || a - b);
  const schedule: number[] = [];
  for (let round = 1; round <= scaled[order[0]!]!; round++) {
    for (const i of order) {
      if (scaled[i]! < round) break;
      schedule.push(i);
    }
  }
  return Int32Array.from(schedule);
}
