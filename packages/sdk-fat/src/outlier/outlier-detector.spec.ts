import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { P1, P2, P3, P4 } from '../balancer/greeter-providers.fixture.js';
import { ManualClock } from '../balancer/seeded-random.fixture.js';
import type { Provider } from '../provider/provider.js';
import { ProviderSet } from '../provider/provider-set.js';
import { OutlierDetector, type OutlierOptions } from './outlier-detector.js';
import type { OutlierOutcome } from './outlier-outcome.js';

const ALL = new ProviderSet([P1, P2, P3, P4]);

function detector(options: OutlierOptions = {}): {
  clock: ManualClock;
  detector: OutlierDetector;
  events: string[];
} {
  const clock = new ManualClock(0);
  const events: string[] = [];
  const d = new OutlierDetector({
    ...options,
    now: clock.now,
    onEjection: (address, ejected) => events.push(`${ejected ? 'out' : 'back'} ${address}@${clock.time}`),
  });
  d.updateHosts(ALL);
  return { clock, detector: d, events };
}

function fail(
  d: OutlierDetector,
  p: Provider,
  times: number,
  outcome: OutlierOutcome = 'gateway-error',
): void {
  for (let i = 0; i < times; i++) d.record(p, outcome);
}

describe('OutlierDetector', () => {
  it('ejects a host after 5 consecutive errors, not after 4 and a success', () => {
    const { detector: d } = detector();
    fail(d, P1, 4);
    d.record(P1, 'success');
    fail(d, P1, 4, 'other-error');
    expect(d.isEjected(P1)).toBe(false);
    d.record(P1, 'gateway-error');
    expect(d.isEjected(P1)).toBe(true);
    expect(d.ejectedAddresses()).toEqual(['10.0.0.1:50051']);
  });

  it('counts gateway errors alone when consecutiveGatewayErrors is set; other 5xx break the run', () => {
    const { detector: d } = detector({ consecutiveErrors: 0, consecutiveGatewayErrors: 3 });
    fail(d, P2, 2);
    d.record(P2, 'other-error');
    fail(d, P2, 2);
    expect(d.isEjected(P2)).toBe(false);
    d.record(P2, 'gateway-error');
    expect(d.isEjected(P2)).toBe(true);
  });

  it('returns a host at the first interval check after base ejection time', () => {
    const { clock, detector: d, events } = detector();
    clock.advance(1_000);
    fail(d, P1, 5); // out at 1 s until 31 s; checks at 10, 20, 30, 40 s
    clock.advance(38_999);
    expect(d.isEjected(P1)).toBe(true);
    clock.advance(1);
    expect(d.isEjected(P1)).toBe(false);
    expect(events).toEqual(['out 10.0.0.1:50051@1000', 'back 10.0.0.1:50051@40000']);
  });

  it('ejects for base × ejections in a row, and lowers the multiplier while the host stays healthy', () => {
    const { clock, detector: d } = detector();
    fail(d, P1, 5); // t=0, 30 s → back at the 30 s check
    clock.advance(30_000);
    expect(d.isEjected(P1)).toBe(false);
    fail(d, P1, 5); // second in a row: 60 s → back at 90 s
    clock.advance(59_999);
    expect(d.isEjected(P1)).toBe(true);
    clock.advance(1);
    expect(d.isEjected(P1)).toBe(false);
    clock.advance(20_000); // two healthy checks: multiplier 2 → 0
    fail(d, P1, 5);
    clock.advance(30_000);
    expect(d.isEjected(P1)).toBe(false); // 30 s again
  });

  it('catches up on many missed checks in one step', () => {
    const { clock, detector: d } = detector();
    fail(d, P1, 5);
    clock.advance(3_600_000);
    expect(d.isEjected(P1)).toBe(false);
    fail(d, P1, 5);
    clock.advance(30_000);
    expect(d.isEjected(P1)).toBe(false); // the multiplier fell back to 0 meanwhile
  });

  it('caps ejection time at maxEjectionMs', () => {
    const { clock, detector: d } = detector({ maxEjectionMs: 40_000, maxEjectionPercent: 100 });
    for (let round = 0; round < 4; round++) {
      fail(d, P1, 5);
      clock.advance(40_000);
      expect(d.isEjected(P1)).toBe(false);
    }
  });

  it('ejects at most maxEjectionPercent of hosts, but always one (10 % of 4 hosts → 1)', () => {
    const { clock, detector: d } = detector();
    fail(d, P1, 5);
    fail(d, P2, 5);
    expect(d.isEjected(P1)).toBe(true);
    expect(d.isEjected(P2)).toBe(false);
    clock.advance(30_000); // P1 back: room for P2, whose next error ejects it
    d.record(P2, 'gateway-error');
    expect(d.isEjected(P2)).toBe(true);
  });

  it('ejects nobody with maxEjectionPercent 0, and half of 4 hosts with 50', () => {
    const none = detector({ maxEjectionPercent: 0 }).detector;
    fail(none, P1, 10);
    expect(none.isEjected(P1)).toBe(false);
    const half = detector({ maxEjectionPercent: 50 }).detector;
    for (const p of [P1, P2, P3]) fail(half, p, 5);
    expect([P1, P2, P3].map((p) => half.isEjected(p))).toEqual([true, true, false]);
  });

  it('filterHealthy drops ejected providers, caching the result per set', () => {
    const { clock, detector: d } = detector();
    expect(d.filterHealthy(ALL)).toBe(ALL);
    fail(d, P3, 5);
    const healthy = d.filterHealthy(ALL);
    expect(healthy.providers).toEqual([P1, P2, P4]);
    expect(d.filterHealthy(ALL)).toBe(healthy);
    clock.advance(30_000);
    expect(d.filterHealthy(ALL)).toBe(ALL);
  });

  it('filterHealthy returns the input when every provider is ejected (panic)', () => {
    const { detector: d } = detector({ maxEjectionPercent: 100 });
    for (const p of [P1, P2, P3, P4]) fail(d, p, 5);
    expect(d.filterHealthy(ALL)).toBe(ALL);
    const two = new ProviderSet([P1, P2]);
    expect(d.filterHealthy(two)).toBe(two);
  });

  it('filterHealthy is never empty for a non-empty set (property)', () => {
    const providers = [P1, P2, P3, P4];
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 3 }),
            fc.constantFrom<OutlierOutcome>('success', 'gateway-error', 'other-error'),
            fc.nat({ max: 20_000 }),
          ),
        ),
        fc.integer({ min: 0, max: 100 }),
        fc.subarray([0, 1, 2, 3], { minLength: 1 }),
        (records, percent, members) => {
          const { clock, detector: d } = detector({ maxEjectionPercent: percent, consecutiveErrors: 2 });
          const set = new ProviderSet(members.map((i) => providers[i]!));
          for (const [i, outcome, wait] of records) {
            d.record(providers[i]!, outcome);
            clock.advance(wait);
            const healthy = d.filterHealthy(set);
            expect(healthy.size).toBeGreaterThan(0);
            expect(healthy.providers.every((p) => set.has(p))).toBe(true);
          }
        },
      ),
    );
  });

  it('forgets hosts that left the provider list', () => {
    const { detector: d } = detector();
    fail(d, P1, 5);
    d.updateHosts(new ProviderSet([P2, P3, P4]));
    expect(d.isEjected(P1)).toBe(false);
    fail(d, P2, 5); // the one ejection slot is free again
    expect(d.isEjected(P2)).toBe(true);
  });

  it('rejects a non-positive interval', () => {
    expect(() => new OutlierDetector({ now: () => 0, intervalMs: 0 })).toThrow(RangeError);
  });
});
