import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evenDraws } from './providers.fixture.js';
import { pickWeighted } from './weighted-pick.js';

describe('pickWeighted (governance.md §11.2)', () => {
  it('gives each entry exactly its share of evenly spread draws', () => {
    const random = evenDraws(100);
    const counts = [0, 0, 0];
    for (let i = 0; i < 100; i++) counts[pickWeighted([80, 0, 20], random)]! += 1;
    expect(counts).toEqual([80, 0, 20]);
  });

  it('does not give the first entry an extra unit, unlike Java (§10.3)', () => {
    // Java: target = nextInt(2) = 1; 1 - 1 = 0 ≤ 0 picks the first entry for both draws of [1, 1].
    expect([0, 0.49, 0.5, 0.99].map((r) => pickWeighted([1, 1], () => r))).toEqual([0, 0, 1, 1]);
  });

  it('returns -1 when all weights are 0 and draws nothing for one entry', () => {
    expect(pickWeighted([0, 0], () => 0.5)).toBe(-1);
    expect(
      pickWeighted([5], () => {
        throw new Error('drew');
      }),
    ).toBe(0);
  });

  it('always picks an entry of positive weight', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(1000), { minLength: 1 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (weights, r) => {
          const picked = pickWeighted(weights, () => r);
          if (weights.every((w) => w === 0)) expect(picked).toBe(-1);
          else expect(weights[picked]).toBeGreaterThan(0);
        },
      ),
    );
  });
});
