import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { P1, P4, provider } from './greeter-providers.fixture.js';
import { configuredWeight, isWarmingUp, providerWeight, warmupWeight } from './provider-weight.js';

const NOW = 1_717_000_600_000;

function started(uptimeMs: number, extra = ''): ReturnType<typeof provider> {
  return provider(`tri://10.0.0.9:50051/org.demo.Greeter?timestamp=${NOW - uptimeMs}${extra}`);
}

describe('providerWeight', () => {
  it('is 100 by default and the weight parameter otherwise (P1, P4 of governance.md §9)', () => {
    expect(providerWeight(P1, 'greet', NOW)).toBe(100);
    expect(providerWeight(P4, 'greet', NOW)).toBe(200);
  });

  it('prefers <method>.weight over weight', () => {
    const p = provider('tri://10.0.0.9:50051/x?weight=50&greet.weight=7');
    expect(configuredWeight(p, 'greet')).toBe(7);
    expect(configuredWeight(p, 'ping')).toBe(50);
  });

  it('treats a weight that is not an integer as the default and a negative one as 0', () => {
    expect(providerWeight(provider('tri://h:1/x?weight=heavy'), 'greet', NOW)).toBe(100);
    expect(providerWeight(provider('tri://h:1/x?weight=-5'), 'greet', NOW)).toBe(0);
  });

  it('ramps up during warm-up: weight 100, uptime 60 s, warmup 600000 → 10 (governance.md §9.14)', () => {
    expect(providerWeight(started(60_000, '&warmup=600000'), 'greet', NOW)).toBe(10);
    expect(providerWeight(started(60_000), 'greet', NOW)).toBe(10); // warmup defaults to 600000 ms
  });

  it('counts at least 1 early in the warm-up, the full weight after it, and 1 for a start in the future', () => {
    expect(providerWeight(started(1), 'greet', NOW)).toBe(1);
    expect(providerWeight(started(600_000), 'greet', NOW)).toBe(100);
    expect(providerWeight(started(-5_000), 'greet', NOW)).toBe(1);
    // Java: `uptime > 0 && uptime < warmup`, so uptime 0 exactly is not ramped.
    expect(providerWeight(started(0), 'greet', NOW)).toBe(100);
  });

  it('does not ramp a zero weight', () => {
    expect(providerWeight(started(60_000, '&weight=0'), 'greet', NOW)).toBe(0);
  });

  it('reports whether the weight still depends on the time', () => {
    expect(isWarmingUp(started(60_000), 'greet', NOW)).toBe(true);
    expect(isWarmingUp(started(-1), 'greet', NOW)).toBe(true);
    expect(isWarmingUp(started(600_000), 'greet', NOW)).toBe(false);
    expect(isWarmingUp(P1, 'greet', NOW)).toBe(false);
  });
});

describe('warmupWeight', () => {
  it('follows Java float arithmetic at the step boundaries', () => {
    expect(warmupWeight(5_999, 600_000, 100)).toBe(1);
    expect(warmupWeight(12_000, 600_000, 100)).toBe(2);
    expect(warmupWeight(599_999, 600_000, 100)).toBe(99);
    // 1000f/26 = 38.46154f and 500/38.46154f = 12.9999995f: Java says 12 where exact arithmetic says 13.
    expect(warmupWeight(500, 1_000, 26)).toBe(12);
    // ...and 27 where double arithmetic says 26.
    expect(warmupWeight(900, 1_000, 30)).toBe(27);
  });

  it('stays within [1, weight] and never decreases with uptime (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000 }),
        (warmup, weight, uptime, more) => {
          const w = warmupWeight(uptime, warmup, weight);
          expect(w).toBeGreaterThanOrEqual(1);
          expect(w).toBeLessThanOrEqual(weight);
          expect(warmupWeight(uptime + more, warmup, weight)).toBeGreaterThanOrEqual(w);
        },
      ),
    );
  });
});
