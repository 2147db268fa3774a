import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleDocument } from '../../rules/rule-document.js';
import { RuleError } from '../../rules/rule-error.js';
import { RuleReader } from './rule-reader.js';
import { ignoringCase, matchString, parseStringMatch, type StringMatch } from './string-match.js';

const document: RuleDocument = {
  kind: 'dubbo-virtual-service',
  value: {},
  file: 'm.yaml',
  documentIndex: 0,
  startLine: 1,
  text: '',
};
const reader = new RuleReader(document);
const dubbo = (value: unknown): StringMatch => parseStringMatch(reader, value, 'm', 'dubbo');
const istio = (value: unknown): StringMatch => parseStringMatch(reader, value, 'm', 'istio');
const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

describe('StringMatch (governance.md §3.6, §8)', () => {
  it('evaluates each Dubbo kind as Java StringMatch.isMatch does', () => {
    expect(matchString(dubbo({ exact: 'canary' }), 'canary')).toBe(true);
    expect(matchString(dubbo({ exact: 'canary' }), 'canary2')).toBe(false);
    expect(matchString(dubbo({ prefix: 'org.demo.' }), 'org.demo.Greeter')).toBe(true);
    expect(matchString(dubbo({ regex: 'org\\..*Greeter' }), 'org.demo.Greeter')).toBe(true);
    expect(matchString(dubbo({ regex: 'Greeter' }), 'org.demo.Greeter')).toBe(false);
    expect(matchString(dubbo({ wildcard: '*' }), 'anything')).toBe(true);
    expect(matchString(dubbo({ wildcard: 'a*' }), 'ab')).toBe(false);
    expect(matchString(dubbo({ wildcard: 'a*' }), 'a*')).toBe(true);
    expect(matchString(dubbo({ empty: true }), undefined)).toBe(true);
    expect(matchString(dubbo({ empty: true }), '')).toBe(true);
    expect(matchString(dubbo({ empty: true }), 'x')).toBe(false);
    expect(matchString(dubbo({ noempty: true }), 'x')).toBe(true);
    expect(matchString(dubbo({ noempty: true }), '')).toBe(false);
    expect(matchString(dubbo({ noempty: true }), undefined)).toBe(false);
    expect(matchString(dubbo({ exact: 'x' }), undefined)).toBe(false);
  });

  it('reads an empty Istio match as a presence test', () => {
    expect(matchString(istio({}), '')).toBe(true);
    expect(matchString(istio({}), undefined)).toBe(false);
  });

  it('compares ignoring case when asked (Istio ignoreUriCase)', () => {
    expect(matchString(ignoringCase(istio({ prefix: '/Org.Demo' })), '/org.demo.greeter/greet')).toBe(true);
    expect(matchString(ignoringCase(istio({ regex: '/ORG.*' })), '/org.demo.greeter/greet')).toBe(true);
  });

  it('rejects malformed matches with a RuleError naming the key', () => {
    expect(() => dubbo({})).toThrow(/m\.yaml, document 0, line 1, key m: give one of exact/);
    expect(() => dubbo({ exact: 'a', prefix: 'b' })).toThrow(/key m: give only one of exact, prefix/);
    expect(() => dubbo({ exactly: 'a' })).toThrow(/key m\.exactly: unknown key/);
    expect(() => istio({ wildcard: '*' })).toThrow(
      /key m\.wildcard: unknown key; expected one of exact, prefix, regex/,
    );
    expect(() => dubbo({ regex: '(' })).toThrow(/key m\.regex: invalid regular expression/);
    expect(() => istio({ regex: 'a(?=b)' })).toThrow(
      /key m\.regex: lookaround and backreferences are not RE2/,
    );
    expect(() => dubbo('canary')).toThrow(/key m: expected a mapping, found string "canary"/);
  });

  it('never throws anything but a RuleError, whatever the YAML holds', () => {
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom('dubbo' as const, 'istio' as const), (value, dialect) => {
        try {
          parseStringMatch(reader, value, 'm', dialect);
        } catch (err) {
          expect(err).toBeInstanceOf(RuleError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('matches a regex over the whole input only, like Java String.matches and RE2 full match', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (text, extra) => {
        const literal = dubbo({ regex: escapeRegex(text) });
        expect(matchString(literal, text)).toBe(true);
        expect(matchString(literal, text + extra)).toBe(false);
        expect(matchString(literal, extra + text)).toBe(false);
      }),
    );
  });

  it('matches exact and prefix by plain string comparison', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(matchString(dubbo({ exact: a }), b)).toBe(a === b);
        expect(matchString(dubbo({ prefix: a }), a + b)).toBe(true);
        expect(matchString(dubbo({ prefix: a }), b)).toBe(b.startsWith(a));
      }),
    );
  });
});
