import { describe, expect, it } from 'vitest';
import { chooseWeighted } from './weighted-choice.js';

function distribution(weights: number[], steps: number): number[] {
  const counts = weights.map(() => 0);
  for (let i = 0; i < steps; i++) {
    const chosen = chooseWeighted(weights, () => i / steps);
    counts[chosen] = (counts[chosen] ?? 0) + 1;
  }
  return counts;
}

describe('chooseWeighted (governance.md §11.2: exactly proportional)', () => {
  it('gives each item exactly its share of a uniform random sweep', () => {
    expect(distribution([80, 20], 1000)).toEqual([800, 200]);
    expect(distribution([1, 1, 2], 400)).toEqual([100, 100, 200]);
  });

  it('never picks a zero weight, and returns -1 when all are zero', () => {
    expect(distribution([0, 3, 0, 1], 400)).toEqual([0, 300, 0, 100]);
    expect(chooseWeighted([0, 0], () => 0.5)).toBe(-1);
    expect(chooseWeighted([], () => 0.5)).toBe(-1);
  });

  it('stays valid when the random source returns 1', () => {
    expect(chooseWeighted([1, 1, 0], () => 1)).toBe(1);
  });
});
