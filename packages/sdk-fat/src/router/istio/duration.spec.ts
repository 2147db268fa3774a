import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration (Istio durations, governance.md §7)', () => {
  it('reads the forms Istio rules use', () => {
    expect(parseDuration('10s')).toBe(10_000);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('250us')).toBe(0.25);
  });

  it('rejects malformed durations', () => {
    for (const bad of ['', '10', 's', '-1s', '10 s', '10sec', '1d', 'ten', '1e3s', ' 1s'])
      expect(parseDuration(bad), bad).toBeUndefined();
  });

  it('reads any whole number of seconds or milliseconds exactly', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), (n) => {
        expect(parseDuration(`${n}ms`)).toBe(n);
        expect(parseDuration(`${n}s`)).toBe(n * 1000);
      }),
    );
  });

  it('never throws and returns only finite non-negative numbers', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.stringMatching(/^[0-9.]{0,6}(h|m|s|ms|us|ns)?[0-9.]{0,4}(s|ms)?$/)),
        (text) => {
          const ms = parseDuration(text);
          if (ms !== undefined) expect(Number.isFinite(ms) && ms >= 0).toBe(true);
        },
      ),
    );
  });
});
