import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileValuePattern, matchesGlob, parseJavaInt } from './value-pattern.js';

describe('matchesGlob (Java UrlUtils.isMatchGlobPattern)', () => {
  it('matches exact values, prefix*, *suffix, a*b and *', () => {
    expect(matchesGlob('hz', 'hz')).toBe(true);
    expect(matchesGlob('hz', 'hzz')).toBe(false);
    expect(matchesGlob('10.0.*', '10.0.0.1')).toBe(true);
    expect(matchesGlob('*:20880', '10.0.0.4:20880')).toBe(true);
    expect(matchesGlob('g*t', 'greet')).toBe(true);
    expect(matchesGlob('g*t', 'greed')).toBe(false);
    expect(matchesGlob('*', '')).toBe(true);
    expect(matchesGlob('ab*ba', 'aba')).toBe(false);
  });

  it('an unset $name pattern matches only an empty value', () => {
    expect(matchesGlob(undefined, '')).toBe(true);
    expect(matchesGlob(undefined, 'hz')).toBe(false);
  });

  it('agrees with a regex model for any prefix*suffix', () => {
    const text = fc.string({ maxLength: 5, unit: fc.constantFrom('a', 'b', '.') });
    fc.assert(
      fc.property(text, text, text, (prefix, suffix, value) => {
        const expected =
          value.length >= prefix.length + suffix.length && value.startsWith(prefix) && value.endsWith(suffix);
        // `*` alone matches anything; any other pattern never matches an empty value (Java).
        const result = prefix + suffix === '' ? true : value === '' ? false : expected;
        expect(matchesGlob(`${prefix}*${suffix}`, value)).toBe(result);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('compileValuePattern', () => {
  it('ranges are inclusive, open on either end', () => {
    const test = (pattern: string, value: string) => compileValuePattern(pattern, 'when').test(value, {});
    expect(test('1~100', '1')).toBe(true);
    expect(test('1~100', '100')).toBe(true);
    expect(test('1~100', '101')).toBe(false);
    expect(test('~100', '-5')).toBe(true);
    expect(test('50~', '2147483647')).toBe(true);
    expect(test('50~', '49')).toBe(false);
  });

  it('an unusable range or value is false on the when side and true on the then side', () => {
    for (const [pattern, value] of [
      ['1~100', 'abc'],
      ['1~100', '1.5'],
      ['1~100', '99999999999'],
      ['a~b', '5'],
      ['~', '5'],
      ['1~2~3', '2'],
    ] as const) {
      expect(compileValuePattern(pattern, 'when').test(value, {}), `${pattern} ${value}`).toBe(false);
      expect(compileValuePattern(pattern, 'then').test(value, {}), `${pattern} ${value}`).toBe(true);
    }
  });

  it('agrees with integer comparison for every range and value', () => {
    const int = fc.integer({ min: -2147483648, max: 2147483647 });
    fc.assert(
      fc.property(int, int, int, (a, b, v) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(compileValuePattern(`${lo}~${hi}`, 'when').test(String(v), {})).toBe(v >= lo && v <= hi);
      }),
      { numRuns: 2000 },
    );
  });

  it('$name reads the consumer parameter on the then side only', () => {
    expect(compileValuePattern('$region', 'then').test('hz', { region: 'hz' })).toBe(true);
    expect(compileValuePattern('$region', 'then').test('hz', { region: 'sh' })).toBe(false);
    expect(compileValuePattern('$region', 'then').test('hz', {})).toBe(false);
    expect(compileValuePattern('$region', 'when').test('$region', { region: 'hz' })).toBe(true);
  });

  it('parseJavaInt accepts exactly the 32-bit decimal integers', () => {
    expect(parseJavaInt('-2147483648')).toBe(-2147483648);
    expect(parseJavaInt('2147483648')).toBeUndefined();
    expect(parseJavaInt('1e3')).toBeUndefined();
    expect(parseJavaInt(' 1')).toBeUndefined();
  });
});
