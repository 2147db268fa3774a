import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProviderSet } from '../provider/provider-set.js';
import { invocation, P1, P2, P4, provider } from './greeter-providers.fixture.js';
import { RoundRobinBalancer } from './round-robin-balancer.js';
import { smoothRoundRobinSchedule } from './round-robin-schedule.js';
import { ManualClock, noRandomness } from './seeded-random.fixture.js';

const A = provider('tri://10.0.0.11:50051/org.demo.Greeter?weight=5');
const B = provider('tri://10.0.0.12:50051/org.demo.Greeter?weight=1');
const C = provider('tri://10.0.0.13:50051/org.demo.Greeter?weight=1');
const NAMES = new Map([
  [A, 'A'],
  [B, 'B'],
  [C, 'C'],
]);

/** Java's RoundRobinLoadBalance loop, step by step, as the reference. */
function javaSmoothRoundRobin(weights: readonly number[], steps: number): number[] {
  const current = weights.map(() => 0);
  const total = weights.reduce((a, b) => a + b, 0);
  const picks: number[] = [];
  for (let s = 0; s < steps; s++) {
    let max = Number.NEGATIVE_INFINITY;
    let selected = -1;
    weights.forEach((w, i) => {
      current[i]! += w;
      if (current[i]! > max) {
        max = current[i]!;
        selected = i;
      }
    });
    current[selected]! -= total;
    picks.push(selected);
  }
  return picks;
}

describe('RoundRobinBalancer', () => {
  it('gives 5/1/1 the sequence A A B A C A A, period after period (governance.md §9.14)', () => {
    const balancer = new RoundRobinBalancer({ now: () => 0, random: noRandomness });
    const set = new ProviderSet([A, B, C]);
    const sequence = Array.from({ length: 14 }, () => NAMES.get(balancer.pick(set, invocation()))).join(' ');
    expect(sequence).toBe('A A B A C A A A A B A C A A');
  });

  it('cycles through equal weights in order', () => {
    const balancer = new RoundRobinBalancer({ now: () => 0, random: noRandomness });
    const set = new ProviderSet([P1, P2]);
    expect(Array.from({ length: 4 }, () => balancer.pick(set, invocation()))).toEqual([P1, P2, P1, P2]);
  });

  it('keeps one sequence per service method', () => {
    const balancer = new RoundRobinBalancer({ now: () => 0, random: noRandomness });
    const set = new ProviderSet([P1, P2, P4]);
    expect(balancer.pick(set, invocation('greet'))).toBe(P4);
    expect(balancer.pick(set, invocation('ping'))).toBe(P4);
    expect(balancer.pick(set, invocation('greet'))).toBe(P1);
  });

  it('starts over after 60 s idle', () => {
    const clock = new ManualClock();
    const balancer = new RoundRobinBalancer({ now: clock.now, random: noRandomness });
    const set = new ProviderSet([A, B, C]);
    balancer.pick(set, invocation());
    balancer.pick(set, invocation());
    expect(balancer.pick(set, invocation())).toBe(B);
    clock.advance(60_001);
    expect(balancer.pick(set, invocation())).toBe(A);
    expect(balancer.pick(set, invocation())).toBe(A);
    expect(balancer.pick(set, invocation())).toBe(B);
  });

  it('does not reset a set’s sequence when a router alternates between two subsets', () => {
    const balancer = new RoundRobinBalancer({ now: () => 0, random: noRandomness });
    const one = new ProviderSet([A, B, C]);
    const other = new ProviderSet([P1, P2]);
    const picks: string[] = [];
    for (let i = 0; i < 7; i++) {
      picks.push(NAMES.get(balancer.pick(one, invocation()))!);
      balancer.pick(other, invocation());
    }
    expect(picks.join(' ')).toBe('A A B A C A A');
  });

  it('returns the only provider directly', () => {
    const balancer = new RoundRobinBalancer({ now: () => 0, random: noRandomness });
    expect(balancer.pick(new ProviderSet([P4]), invocation())).toBe(P4);
  });
});

describe('smoothRoundRobinSchedule', () => {
  it('equals Java’s step-by-step algorithm over several periods (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 2, maxLength: 6 }), (weights) => {
        const schedule = smoothRoundRobinSchedule(weights);
        const total = weights.reduce((a, b) => a + b, 0);
        fc.pre(schedule !== undefined && total > 0);
        const replayed = Array.from({ length: 3 * total }, (_, s) => schedule![s % schedule!.length]);
        expect(replayed).toEqual(javaSmoothRoundRobin(weights, 3 * total));
      }),
    );
  });

  it('reduces by the common divisor: 100/100/200 repeats every 4 picks', () => {
    expect([...smoothRoundRobinSchedule([100, 100, 200])!]).toEqual([2, 0, 1, 2]);
  });

  it('is plain round robin (no schedule) for equal or all-zero weights', () => {
    expect(smoothRoundRobinSchedule([7, 7, 7])).toBeUndefined();
    expect(smoothRoundRobinSchedule([0, 0])).toBeUndefined();
  });

  it('keeps the exact ratios of a set too large to simulate (interleaved rounds)', () => {
    const weights = Array.from({ length: 5_000 }, (_, i) => (i % 2 === 0 ? 997 : 1_994));
    const schedule = smoothRoundRobinSchedule(weights)!;
    const counts = new Int32Array(weights.length);
    for (const index of schedule) counts[index]++;
    expect(schedule.length).toBe(7_500);
    expect(counts.every((count, i) => count === (i % 2 === 0 ? 1 : 2))).toBe(true);
  });
});
