import { describe, expect, it } from 'vitest';
import type { Provider } from '../provider/provider.js';
import { ProviderSet } from '../provider/provider-set.js';
import { invocation, P1, P2, P4, provider } from './greeter-providers.fixture.js';
import { RandomBalancer } from './random-balancer.js';
import { ManualClock, noRandomness, seededRandom } from './seeded-random.fixture.js';

const PICKS = 100_000;

function shares(balancer: RandomBalancer, set: ProviderSet, picks = PICKS): Map<Provider, number> {
  const counts = new Map<Provider, number>();
  for (let i = 0; i < picks; i++) {
    const picked = balancer.pick(set, invocation());
    counts.set(picked, (counts.get(picked) ?? 0) + 1);
  }
  return new Map([...counts].map(([p, n]) => [p, n / picks]));
}

describe('RandomBalancer', () => {
  it('splits {P1, P2, P4} 25/25/50 % by weight (governance.md §9.14)', () => {
    const clock = new ManualClock();
    const balancer = new RandomBalancer({ now: clock.now, random: seededRandom(14) });
    const result = shares(balancer, new ProviderSet([P1, P2, P4]));
    expect(result.get(P1)).toBeCloseTo(0.25, 1);
    expect(Math.abs(result.get(P1)! - 0.25)).toBeLessThan(0.03);
    expect(Math.abs(result.get(P2)! - 0.25)).toBeLessThan(0.03);
    expect(Math.abs(result.get(P4)! - 0.5)).toBeLessThan(0.03);
  });

  it('weighs every provider, not only the first as Java does: order does not matter', () => {
    const balancer = new RandomBalancer({ now: () => 0, random: seededRandom(15) });
    const result = shares(balancer, new ProviderSet([P2, P1, P4]));
    expect(Math.abs(result.get(P4)! - 0.5)).toBeLessThan(0.03);
  });

  it('is uniform when the weights are equal', () => {
    const balancer = new RandomBalancer({ now: () => 0, random: seededRandom(16) });
    const result = shares(balancer, new ProviderSet([P1, P2]));
    expect(Math.abs(result.get(P1)! - 0.5)).toBeLessThan(0.03);
  });

  it('gives a warming provider its ramped weight: 10 against 100 after 60 s of 600 s', () => {
    const clock = new ManualClock();
    const warming = provider(`tri://10.0.0.5:50051/org.demo.Greeter?timestamp=${clock.time - 60_000}`);
    const balancer = new RandomBalancer({ now: clock.now, random: seededRandom(17) });
    const result = shares(balancer, new ProviderSet([P1, warming]));
    expect(Math.abs(result.get(warming)! - 10 / 110)).toBeLessThan(0.03);
  });

  it('follows the warm-up as time passes', () => {
    const clock = new ManualClock();
    const warming = provider(`tri://10.0.0.5:50051/org.demo.Greeter?timestamp=${clock.time - 60_000}`);
    const balancer = new RandomBalancer({ now: clock.now, random: seededRandom(18) });
    const set = new ProviderSet([P1, warming]);
    shares(balancer, set, 10);
    clock.advance(600_000);
    expect(Math.abs(shares(balancer, set).get(warming)! - 0.5)).toBeLessThan(0.03);
  });

  it('never picks a provider of weight 0 beside positive ones', () => {
    const off = provider('tri://10.0.0.6:50051/org.demo.Greeter?weight=0');
    const balancer = new RandomBalancer({ now: () => 0, random: seededRandom(19) });
    expect(shares(balancer, new ProviderSet([off, P1, P2]), 10_000).has(off)).toBe(false);
  });

  it('returns the only provider without drawing a random number', () => {
    const balancer = new RandomBalancer({ now: () => 0, random: noRandomness });
    expect(balancer.pick(new ProviderSet([P2]), invocation())).toBe(P2);
  });
});
