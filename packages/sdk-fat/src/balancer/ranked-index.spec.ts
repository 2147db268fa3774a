import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RankedIndex } from './ranked-index.js';
import { seededRandom } from './seeded-random.fixture.js';
import type { WeightTable } from './weight-table.js';

function table(weights: number[]): WeightTable {
  const w = Int32Array.from(weights);
  let total = 0;
  const prefix = Float64Array.from(weights, (x) => (total += x));
  return {
    weights: w,
    prefix,
    total,
    maxWeight: Math.max(...weights),
    sameWeight: weights.every((x) => x === weights[0]),
    validFrom: Number.NEGATIVE_INFINITY,
    validUntil: Number.POSITIVE_INFINITY,
  };
}

describe('RankedIndex', () => {
  it('picks only among the lowest rank, through any sequence of re-ranks (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 20 })), { maxLength: 100 }),
        fc.integer(),
        (weights, moves, seed) => {
          const ranks = weights.map(() => 0);
          const index = new RankedIndex(table(weights), () => 0);
          const random = seededRandom(seed);
          for (const [slot, rank] of moves) {
            const i = slot % weights.length;
            ranks[i] = rank;
            index.setRank(i, rank);
            const picked = index.pick(random);
            expect(ranks[picked]).toBe(Math.min(...ranks));
          }
        },
      ),
    );
  });

  it('weighs ties and never picks a zero weight beside positive ones', () => {
    const index = new RankedIndex(table([0, 1, 3]), () => 7);
    const random = seededRandom(9);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[index.pick(random)]!++;
    expect(counts[0]).toBe(0);
    expect(Math.abs(counts[2]! / 40_000 - 0.75)).toBeLessThan(0.03);
  });

  it('is uniform among ties that all weigh 0', () => {
    const index = new RankedIndex(table([0, 0, 5]), (i) => (i === 2 ? 1 : 0));
    const random = seededRandom(10);
    const seen = new Set(Array.from({ length: 100 }, () => index.pick(random)));
    expect(seen).toEqual(new Set([0, 1]));
  });
});
