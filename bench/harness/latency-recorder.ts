import { percentileOfSorted } from './stats.js';

/** Call latencies in milliseconds, kept in a growable Float64Array so recording allocates nothing per call. */
export class LatencyRecorder {
  private values: Float64Array;
  private count = 0;

  constructor(expected: number) {
    this.values = new Float64Array(Math.max(1024, expected));
  }

  record(ms: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = ms;
  }

  summary(): { p50: number; p99: number; mean: number; max: number } {
    const sorted = this.values.slice(0, this.count).sort();
    let sum = 0;
    for (const v of sorted) sum += v;
    return {
      p50: percentileOfSorted(sorted, 50),
      p99: percentileOfSorted(sorted, 99),
      mean: this.count > 0 ? sum / this.count : Number.NaN,
      max: this.count > 0 ? sorted[this.count - 1]! : Number.NaN,
    };
  }
}
