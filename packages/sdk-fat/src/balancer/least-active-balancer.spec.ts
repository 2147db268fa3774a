import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Provider } from '../provider/provider.js';
import { ProviderSet } from '../provider/provider-set.js';
import { invocation, P1, P2, P3, P4, provider } from './greeter-providers.fixture.js';
import { LeastActiveBalancer } from './least-active-balancer.js';
import { noRandomness, seededRandom } from './seeded-random.fixture.js';

const greet = invocation('greet');

function start(balancer: LeastActiveBalancer, p: Provider, times: number, method = 'greet'): void {
  for (let i = 0; i < times; i++) balancer.onStart(p, invocation(method));
}

describe('LeastActiveBalancer', () => {
  it('picks the provider with the fewest calls in flight', () => {
    const balancer = new LeastActiveBalancer({ now: () => 0, random: seededRandom(1) });
    const set = new ProviderSet([P1, P2, P4]);
    start(balancer, P1, 2);
    start(balancer, P2, 1);
    expect(balancer.pick(set, greet)).toBe(P4);
    start(balancer, P4, 2);
    expect(balancer.pick(set, greet)).toBe(P2);
    balancer.onEnd(P1, greet, { ok: true, elapsedMs: 5 });
    balancer.onEnd(P1, greet, { ok: false, elapsedMs: 5 });
    expect(balancer.pick(set, greet)).toBe(P1);
  });

  it('breaks ties by weight: idle P1, P2, P4 share 25/25/50 %', () => {
    const balancer = new LeastActiveBalancer({ now: () => 0, random: seededRandom(2) });
    const set = new ProviderSet([P1, P2, P4]);
    let p4 = 0;
    for (let i = 0; i < 50_000; i++) if (balancer.pick(set, greet) === P4) p4++;
    expect(Math.abs(p4 / 50_000 - 0.5)).toBeLessThan(0.03);
  });

  it('counts per method', () => {
    const balancer = new LeastActiveBalancer({ now: () => 0, random: noRandomness });
    const set = new ProviderSet([P1, P2]);
    start(balancer, P1, 1, 'ping');
    start(balancer, P2, 1, 'greet');
    expect(balancer.pick(set, greet)).toBe(P1);
    expect(balancer.pick(set, invocation('ping'))).toBe(P2);
  });

  it('follows an endpoint across registry pushes that re-create its Provider', () => {
    const balancer = new LeastActiveBalancer({ now: () => 0, random: noRandomness });
    start(balancer, P1, 3);
    const again = provider(P1.url);
    expect(balancer.active(again, 'greet')).toBe(3);
    expect(balancer.pick(new ProviderSet([again, P2]), greet)).toBe(P2);
  });

  it('stays correct when more changes happened between picks than its log holds', () => {
    const balancer = new LeastActiveBalancer({ now: () => 0, random: noRandomness });
    const set = new ProviderSet([P1, P2]);
    start(balancer, P2, 1);
    expect(balancer.pick(set, greet)).toBe(P1);
    start(balancer, P1, 2_000);
    expect(balancer.pick(set, greet)).toBe(P2);
  });

  it('always picks a provider with the least calls in flight, whatever the sequence (property)', () => {
    const providers = [P1, P2, P3, P4];
    const op = fc.record({
      kind: fc.constantFrom('start', 'end', 'pick'),
      index: fc.integer({ min: 0, max: 3 }),
      subset: fc.constantFrom([0, 1, 2, 3], [0, 1], [1, 2, 3], [3]),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.integer(), (ops, seed) => {
        const balancer = new LeastActiveBalancer({ now: () => 0, random: seededRandom(seed) });
        const active = [0, 0, 0, 0];
        const sets = new Map<string, ProviderSet>();
        for (const { kind, index, subset } of ops) {
          if (kind === 'start') {
            active[index]!++;
            balancer.onStart(providers[index]!, greet);
          } else if (kind === 'end') {
            active[index] = Math.max(0, active[index]! - 1);
            balancer.onEnd(providers[index]!, greet, { ok: true, elapsedMs: 1 });
          } else {
            const key = subset.join();
            if (!sets.has(key)) sets.set(key, new ProviderSet(subset.map((i) => providers[i]!)));
            const picked = providers.indexOf(balancer.pick(sets.get(key)!, greet));
            expect(subset).toContain(picked);
            expect(active[picked]).toBe(Math.min(...subset.map((i) => active[i]!)));
          }
        }
      }),
    );
  });
});
