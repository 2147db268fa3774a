import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Backoff, type BackoffOptions, DEFAULT_BACKOFF } from './backoff.js';

const options: BackoffOptions = { initialMs: 100, maxMs: 1_000, multiplier: 2, jitter: 0.2 };

function delays(backoff: Backoff, count: number): number[] {
  return Array.from({ length: count }, () => backoff.next());
}

describe('Backoff', () => {
  it('grows by the multiplier and stops at maxMs when the jitter is centred (random 0.5)', () => {
    const backoff = new Backoff(options, () => 0.5);
    expect(delays(backoff, 7)).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
  });

  it('follows the gRPC-like default schedule, capped at 5 s', () => {
    const backoff = new Backoff(DEFAULT_BACKOFF, () => 0.5);
    expect(delays(backoff, 4)).toEqual([100, 160, 256, 410]);
    expect(delays(backoff, 20).at(-1)).toBe(5_000);
  });

  it('shortens by the jitter fraction at random 0 and lengthens by it at random 1', () => {
    expect(delays(new Backoff(options, () => 0), 6)).toEqual([80, 160, 320, 640, 800, 800]);
    expect(delays(new Backoff(options, () => 1), 6)).toEqual([120, 240, 480, 960, 1_200, 1_200]);
  });

  it('never goes below zero, even with full jitter', () => {
    const backoff = new Backoff({ ...options, jitter: 1 }, () => 0);
    expect(delays(backoff, 3)).toEqual([0, 0, 0]);
  });

  it('keeps every delay within the jitter band around the capped exponential', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 1,
          maxLength: 30,
        }),
        (initialMs, maxMs, multiplier, jitter, randoms) => {
          let i = 0;
          const backoff = new Backoff({ initialMs, maxMs, multiplier, jitter }, () => randoms[i]!);
          for (i = 0; i < randoms.length; i++) {
            const base = Math.min(maxMs, initialMs * multiplier ** i);
            const delay = backoff.next();
            expect(delay).toBeGreaterThanOrEqual(Math.max(0, Math.floor(base * (1 - jitter))));
            expect(delay).toBeLessThanOrEqual(Math.ceil(base * (1 + jitter)));
          }
        },
      ),
    );
  });

  it('starts again from initialMs after reset', () => {
    const backoff = new Backoff(options, () => 0.5);
    delays(backoff, 5);
    backoff.reset();
    expect(delays(backoff, 3)).toEqual([100, 200, 400]);
  });

  it('asks the injected random source once per delay', () => {
    let calls = 0;
    const backoff = new Backoff(options, () => {
      calls++;
      return 0.5;
    });
    delays(backoff, 4);
    expect(calls).toBe(4);
  });
});
