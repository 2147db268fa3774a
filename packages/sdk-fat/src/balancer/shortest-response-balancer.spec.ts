import { describe, expect, it } from 'vitest';
import type { Provider } from '../provider/provider.js';
import { ProviderSet } from '../provider/provider-set.js';
import { invocation, P1, P2 } from './greeter-providers.fixture.js';
import { ManualClock, seededRandom } from './seeded-random.fixture.js';
import { ShortestResponseBalancer } from './shortest-response-balancer.js';

const greet = invocation('greet');

function call(balancer: ShortestResponseBalancer, p: Provider, elapsedMs: number, ok = true): void {
  balancer.onStart(p, greet);
  balancer.onEnd(p, greet, { ok, elapsedMs });
}

describe('ShortestResponseBalancer', () => {
  it('picks the lowest average × (in flight + 1)', () => {
    const clock = new ManualClock();
    const balancer = new ShortestResponseBalancer({ now: clock.now, random: seededRandom(3) });
    const set = new ProviderSet([P1, P2]);
    call(balancer, P1, 10);
    call(balancer, P1, 11); // average 10 (whole milliseconds, as Java)
    call(balancer, P2, 50);
    expect(balancer.pick(set, greet)).toBe(P1);
    for (let i = 0; i < 5; i++) balancer.onStart(P1, greet); // 10 × 6 = 60 > 50
    expect(balancer.pick(set, greet)).toBe(P2);
  });

  it('ignores failed calls', () => {
    const balancer = new ShortestResponseBalancer({ now: () => 0, random: seededRandom(4) });
    const set = new ProviderSet([P1, P2]);
    call(balancer, P1, 10);
    call(balancer, P2, 20);
    call(balancer, P1, 1, false);
    call(balancer, P1, 1, false);
    expect(balancer.pick(set, greet)).toBe(P1);
    call(balancer, P2, 0); // P2: (20 + 0) / 2 = 10, a tie with P1
    const picks = new Set(Array.from({ length: 50 }, () => balancer.pick(set, greet)));
    expect(picks).toEqual(new Set([P1, P2]));
  });

  it('forgets the past every 30 s window', () => {
    const clock = new ManualClock();
    const balancer = new ShortestResponseBalancer({ now: clock.now, random: seededRandom(5) });
    const set = new ProviderSet([P1, P2]);
    call(balancer, P1, 100);
    call(balancer, P2, 10);
    expect(balancer.pick(set, greet)).toBe(P2);
    clock.advance(30_001);
    balancer.pick(set, greet); // starts the new window
    call(balancer, P1, 5);
    call(balancer, P2, 10);
    expect(balancer.pick(set, greet)).toBe(P1);
  });
});
