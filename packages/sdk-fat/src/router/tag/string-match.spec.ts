import { describe, expect, it } from 'vitest';
import { matchesString, parseStringMatch, type StringMatch } from './string-match.js';

function match(value: unknown): StringMatch {
  const parsed = parseStringMatch(value);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed;
}

describe('StringMatch', () => {
  it('exact, prefix, regex (whole value), wildcard, empty, noempty', () => {
    expect(matchesString(match({ exact: 'gray' }), 'gray')).toBe(true);
    expect(matchesString(match({ exact: 'gray' }), 'grayer')).toBe(false);
    expect(matchesString(match({ prefix: 'gr' }), 'gray')).toBe(true);
    expect(matchesString(match({ regex: 'gr.y' }), 'gray')).toBe(true);
    expect(matchesString(match({ regex: 'gr' }), 'gray')).toBe(false);
    expect(matchesString(match({ wildcard: '*' }), 'x')).toBe(true);
    expect(matchesString(match({ wildcard: 'g*' }), 'gray')).toBe(false);
    expect(matchesString(match({ empty: 'true' }), undefined)).toBe(true);
    expect(matchesString(match({ empty: 'true' }), '')).toBe(true);
    expect(matchesString(match({ noempty: 'true' }), 'x')).toBe(true);
    expect(matchesString(match({ noempty: 'true' }), undefined)).toBe(false);
  });

  it('an absent parameter matches only empty', () => {
    for (const value of [{ exact: '' }, { prefix: '' }, { regex: '.*' }, { wildcard: '*' }]) {
      expect(matchesString(match(value), undefined), JSON.stringify(value)).toBe(false);
    }
  });

  it('reports zero or several kinds, unknown fields and bad regexes', () => {
    for (const bad of [
      {},
      { exact: 'a', prefix: 'b' },
      { exactly: 'a' },
      { regex: '(' },
      'gray',
      { exact: {} },
    ]) {
      expect('problem' in parseStringMatch(bad), JSON.stringify(bad)).toBe(true);
    }
  });
});
