import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesGlob, matchesIpExpression } from './address-patterns.js';

describe('matchesGlob (Java UrlUtils.isMatchGlobPattern)', () => {
  it.each([
    ['*', 'anything', true],
    ['10.1.*', '10.1.0.9', true],
    ['10.1.*', '10.2.0.9', false],
    ['*.9', '10.1.0.9', true],
    ['10.*.9', '10.1.0.9', true],
    ['10.*.8', '10.1.0.9', false],
    ['exact', 'exact', true],
    ['exact', 'other', false],
    ['', '', true],
    ['', 'x', false],
  ])('%s against %s is %s', (pattern, value, expected) => {
    expect(matchesGlob(pattern, value)).toBe(expected);
  });

  it('a prefix pattern matches exactly the values with that prefix', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (prefix, rest) => {
        fc.pre(!prefix.includes('*'));
        expect(matchesGlob(`${prefix}*`, prefix + rest)).toBe(true);
      }),
    );
  });
});

describe('matchesIpExpression (Java NetUtils.matchIpExpression, IPv4)', () => {
  it.each([
    ['10.1.0.0/16', '10.1.0.9', true],
    ['10.1.0.0/16', '10.2.0.9', false],
    ['0.0.0.0/0', '192.168.1.1', true],
    ['10.1.0.9/32', '10.1.0.9', true],
    ['10.1.*.*', '10.1.200.3', true],
    ['10.1.0.1-10', '10.1.0.9', true],
    ['10.1.0.1-8', '10.1.0.9', false],
    ['10.1.0.9', '10.1.0.9', true],
    ['10.1.0', '10.1.0.9', false],
    ['10.1.0.0/33', '10.1.0.9', false],
    ['10.1.0.0/16', 'not-an-ip', false],
  ])('%s against %s is %s', (pattern, host, expected) => {
    expect(matchesIpExpression(pattern, host)).toBe(expected);
  });

  it('a /n network contains every address sharing its first n bits', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (ip, bits) => {
        expect(matchesIpExpression(`${ip}/${bits}`, ip)).toBe(true);
      }),
    );
  });
});
