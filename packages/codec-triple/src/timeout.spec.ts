import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Code } from './code.js';
import { RpcError } from './rpc-error.js';
import { encodeTimeout, parseTimeout } from './timeout.js';

describe('parseTimeout', () => {
  it('parses the vectors of triple.md §10.13 to milliseconds', () => {
    expect(parseTimeout('3000000u')).toBe(3000);
    expect(parseTimeout('3S')).toBe(3000);
    expect(parseTimeout('1H')).toBe(3_600_000);
    expect(parseTimeout('100m')).toBe(100);
  });

  it('parses every unit', () => {
    expect(parseTimeout('2M')).toBe(120_000);
    expect(parseTimeout('1500u')).toBe(1.5);
    expect(parseTimeout('2000000n')).toBe(2);
    expect(parseTimeout('0m')).toBe(0);
    expect(parseTimeout('99999999H')).toBe(99_999_999 * 3_600_000);
  });

  it('rejects malformed values with undefined', () => {
    for (const bad of [
      '',
      'm',
      '100',
      '123456789m',
      '10s',
      '10h',
      ' 10m',
      '10m ',
      '-1m',
      '1.5S',
      '1e3m',
      'ten',
      '10mm',
      '٣m',
    ]) {
      expect(parseTimeout(bad), bad).toBeUndefined();
    }
  });

  it('never throws, and returns only finite non-negative numbers or undefined', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{0,9}[numSMHx]?$/)), (value) => {
        const ms = parseTimeout(value);
        if (ms !== undefined) expect(Number.isFinite(ms) && ms >= 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

/** The longest timeout `grpc-timeout` can state: 99999999H. */
const MAX_HOURS_MS = 99_999_999 * 3_600_000;

describe('encodeTimeout', () => {
  it('sends milliseconds, as Java and JS do (triple.md §2)', () => {
    expect(encodeTimeout(3000)).toBe('3000m');
    expect(encodeTimeout(99_999_999)).toBe('99999999m');
  });

  it('rounds up and never sends less than 1m', () => {
    expect(encodeTimeout(0)).toBe('1m');
    expect(encodeTimeout(-5)).toBe('1m');
    expect(encodeTimeout(0.2)).toBe('1m');
    expect(encodeTimeout(1.5)).toBe('2m');
  });

  it('switches to coarser units above 8 digits, rounding up', () => {
    expect(encodeTimeout(100_000_000)).toBe('100000S');
    expect(encodeTimeout(100_000_001)).toBe('100001S');
    expect(encodeTimeout(99_999_999_000)).toBe('99999999S');
    expect(encodeTimeout(99_999_999_001)).toBe('1666667M');
    expect(encodeTimeout(5_999_999_940_000)).toBe('99999999M');
    expect(encodeTimeout(5_999_999_940_001)).toBe('1666667H');
    expect(encodeTimeout(MAX_HOURS_MS)).toBe('99999999H');
    expect(encodeTimeout(MAX_HOURS_MS + 1)).toBe('99999999H');
    expect(encodeTimeout(Number.MAX_SAFE_INTEGER)).toBe('99999999H');
    expect(encodeTimeout(Number.POSITIVE_INFINITY)).toBe('99999999H');
  });

  it('rejects NaN', () => {
    expect(() => encodeTimeout(Number.NaN)).toThrow(RpcError);
    try {
      encodeTimeout(Number.NaN);
    } catch (error) {
      expect((error as RpcError).code).toBe(Code.InvalidArgument);
    }
  });

  it('round-trips through parseTimeout: exactly up to 8 digits, never shorter above, up to 99999999H', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999 }), (ms) => {
        expect(parseTimeout(encodeTimeout(ms))).toBe(ms);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_HOURS_MS }), (ms) => {
        const encoded = encodeTimeout(ms);
        expect(encoded).toMatch(/^\d{1,8}[mSMH]$/);
        const parsed = parseTimeout(encoded)!;
        expect(parsed).toBeGreaterThanOrEqual(ms);
        expect(parsed - ms).toBeLessThan(3_600_000);
      }),
      { numRuns: 1000 },
    );
  });
});
