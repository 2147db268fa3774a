import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleDocument } from '../../rules/rule-document.js';
import { RuleError } from '../../rules/rule-error.js';
import { type DoubleMatch, matchDouble, parseDoubleMatch } from './double-match.js';
import { RuleReader } from './rule-reader.js';

const document: RuleDocument = {
  kind: 'dubbo-virtual-service',
  value: {},
  file: 'm.yaml',
  documentIndex: 0,
  startLine: 1,
  text: '',
};
const reader = new RuleReader(document);
const parse = (value: unknown): DoubleMatch => parseDoubleMatch(reader, value, 'n');

describe('DoubleMatch (governance.md §3.6)', () => {
  it('evaluates exact, half-open ranges and mod as Java DoubleMatch does', () => {
    expect(matchDouble(parse({ exact: 50 }), 50)).toBe(true);
    expect(matchDouble(parse({ exact: 50 }), 50.5)).toBe(false);
    const range = parse({ range: { start: 1, end: 100 } });
    expect([0, 1, 99.9, 100].map((n) => matchDouble(range, n))).toEqual([false, true, true, false]);
    expect(matchDouble(parse({ range: { start: 10 } }), 1e9)).toBe(true);
    expect(matchDouble(parse({ range: { end: 10 } }), -1e9)).toBe(true);
    const odd = parse({ mod: 2, exact: 1 });
    expect([1, 2, 3, 4].map((n) => matchDouble(odd, n))).toEqual([true, false, true, false]);
    expect(matchDouble(odd, -1)).toBe(false); // Java's remainder keeps the sign: -1 % 2 == -1
  });

  it('rejects combinations Java would silently ignore, naming the key', () => {
    expect(() => parse({ mod: 2 })).toThrow(/key n: mod needs exact/);
    expect(() => parse({ exact: 1, range: { start: 0 } })).toThrow(/key n: give either range/);
    expect(() => parse({ range: {} })).toThrow(/key n\.range: give start, end or both/);
    expect(() => parse({ exact: 'one' })).toThrow(/key n\.exact: expected a number/);
    expect(() => parse({ exact: 1, mod: 0 })).toThrow(/key n\.mod: mod must not be 0/);
  });

  it('keeps a range half-open for any bounds', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true }),
        fc.double({ noNaN: true }),
        fc.double({ noNaN: true }),
        (start, end, x) => {
          if (!Number.isFinite(start) || !Number.isFinite(end)) return;
          expect(matchDouble(parse({ range: { start, end } }), x)).toBe(x >= start && x < end);
        },
      ),
    );
  });

  it('never throws anything but a RuleError', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        try {
          parse(value);
        } catch (err) {
          expect(err).toBeInstanceOf(RuleError);
        }
      }),
    );
  });
});
