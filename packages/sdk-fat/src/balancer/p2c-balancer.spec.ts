import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProviderSet } from '../provider/provider-set.js';
import { invocation, P1, P2, P3, P4 } from './greeter-providers.fixture.js';
import { P2cBalancer } from './p2c-balancer.js';
import { ManualClock, seededRandom } from './seeded-random.fixture.js';

const greet = invocation('greet');

/** Random numbers from a script, to choose which two providers are compared. */
function scripted(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

describe('P2cBalancer', () => {
  it('compares two distinct providers and keeps the less loaded', () => {
    // First draw 0 → P1; second 0 over the 2 others → index 0, shifted past P1 → P2.
    const balancer = new P2cBalancer({ now: () => 0, random: scripted([0, 0]) });
    const set = new ProviderSet([P1, P2, P3]);
    expect(balancer.pick(set, greet)).toBe(P1); // both idle: the first drawn wins the tie
    balancer.onStart(P1, greet);
    expect(balancer.pick(set, greet)).toBe(P2);
  });

  it('divides the load by the weight: P4 (200) with one call in flight ties P1 (100) idle', () => {
    const balancer = new P2cBalancer({ now: () => 0, random: scripted([0.99, 0]) }); // P4, then P1
    const set = new ProviderSet([P1, P2, P4]);
    balancer.onStart(P4, greet);
    expect(balancer.pick(set, greet)).toBe(P4); // 2/200 = 1/100: tie → first drawn
    balancer.onStart(P4, greet);
    expect(balancer.pick(set, greet)).toBe(P1);
  });

  it('avoids a slow provider, and forgives it after it has been idle a while', () => {
    const clock = new ManualClock();
    const balancer = new P2cBalancer({ now: clock.now, random: scripted([0, 0]) });
    const set = new ProviderSet([P1, P2]);
    balancer.onStart(P1, greet);
    balancer.onEnd(P1, greet, { ok: false, elapsedMs: 1_000 });
    balancer.onStart(P2, greet);
    balancer.onEnd(P2, greet, { ok: true, elapsedMs: 20 });
    balancer.onStart(P2, greet); // P2: 2 × 21 = 42 against P1: 1 × 1001
    expect(balancer.pick(set, greet)).toBe(P2);
    clock.advance(120_000); // P1's 1000 ms decays to ~0.006 ms: 1.006 against 2.0002
    expect(balancer.pick(set, greet)).toBe(P1);
  });

  it('never compares a provider with itself and never leaves the set (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 2, max: 4 }), (seed, size) => {
        const set = new ProviderSet([P1, P2, P3, P4].slice(0, size));
        const balancer = new P2cBalancer({ now: () => 0, random: seededRandom(seed) });
        for (let i = 0; i < 20; i++) {
          const picked = balancer.pick(set, greet);
          expect(set.has(picked)).toBe(true);
          balancer.onStart(picked, greet);
        }
      }),
    );
  });
});
