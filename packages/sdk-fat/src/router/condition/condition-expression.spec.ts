import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConditionExpression, parseConditionExpression } from './condition-expression.js';
import { matchesThen, matchesWhen } from './condition-match.js';
import { call, P1, P2, P4 } from './providers.fixture.js';

function parsed(text: string, side: 'when' | 'then'): ConditionExpression {
  const result = parseConditionExpression(text, side);
  if (typeof result === 'string') throw new Error(result);
  return result;
}

/** key → [matches, mismatches] as written. */
function shape(expression: ConditionExpression): Record<string, [string[], string[]]> {
  return Object.fromEntries(
    expression.conditions.map((c) => [
      c.text,
      [c.matches.map((m) => m.text), c.mismatches.map((m) => m.text)],
    ]),
  );
}

describe('parseConditionExpression', () => {
  it('tokenizes as Java does: =, !=, & and whitespace between keys, comma lists', () => {
    expect(shape(parsed('method = greet,ping & region!=bj , sh host=10.*', 'when'))).toEqual({
      method: [['greet', 'ping'], []],
      region: [[], ['bj', 'sh']],
      host: [['10.*'], []],
    });
  });

  it('removes consumer./provider. key prefixes and extends a key repeated with &', () => {
    expect(shape(parsed('consumer.host=1.2.3.4 & consumer.host!=1.2.3.5', 'when'))).toEqual({
      host: [['1.2.3.4'], ['1.2.3.5']],
    });
    expect(shape(parsed('provider.region=hz', 'then'))).toEqual({ region: [['hz'], []] });
  });

  it('classifies arguments[N] and attachments[k] (lower-cased)', () => {
    const expression = parsed('arguments[1]=a & attachments[Lane]=b', 'when');
    expect(expression.conditions.map((c) => c.key)).toEqual([
      { kind: 'argument', index: 1 },
      { kind: 'attachment', name: 'lane' },
    ]);
  });

  it('records the consumer parameters $name refers to (then side only)', () => {
    expect(parsed('region=$region & env=$env,prod', 'then').consumerParams).toEqual(['region', 'env']);
    expect(parsed('region=$region', 'when').consumerParams).toEqual([]);
  });

  it('reports misplaced separators, valueless keys, and keys that cannot match', () => {
    const problems = [
      ['=greet', 'when'],
      [',ping', 'when'],
      ['method,greet', 'when'],
      ['method=greet !x', 'when'],
      ['method', 'when'],
      ['region=hz env', 'then'],
      ['arguments[0]=1', 'then'],
      ['attachments[a.b]=1', 'when'],
      ['arguments[x]=1', 'when'],
    ] as const;
    for (const [text, side] of problems) {
      expect(typeof parseConditionExpression(text, side), text).toBe('string');
    }
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.constantFrom('when', 'then'), (text, side) => {
        const result = parseConditionExpression(text, side as 'when' | 'then');
        expect(typeof result === 'string' || Array.isArray(result.conditions)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('parses any well-formed expression back to its keys and values, whatever the spacing', () => {
    const token = fc.stringMatching(/^[a-z][a-z0-9._-]{0,6}$/);
    const value = fc.stringMatching(/^[a-z0-9.*~$:-]{1,6}$/).filter((v) => !v.includes('=>'));
    const space = fc.constantFrom('', ' ', '  ');
    const entry = fc.record({
      matches: fc.uniqueArray(value, { maxLength: 3 }),
      mismatches: fc.uniqueArray(value, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(
        fc
          .dictionary(token, entry, { minKeys: 1, maxKeys: 4 })
          .filter((d) =>
            Object.entries(d).every(
              ([key, e]) => e.matches.length + e.mismatches.length > 0 && !/^(consumer|provider)\./.test(key),
            ),
          ),
        space,
        (model, s) => {
          const text = Object.entries(model)
            .map(([key, e]) => {
              const parts = [];
              if (e.matches.length > 0) parts.push(`${key}${s}=${s}${e.matches.join(`${s},${s}`)}`);
              if (e.mismatches.length > 0) parts.push(`${key}${s}!=${s}${e.mismatches.join(`${s},${s}`)}`);
              return parts.join(` & `);
            })
            .join(` & `);
          const expected = Object.fromEntries(
            Object.entries(model).map(([k, e]) => [k, [e.matches, e.mismatches]]),
          );
          expect(shape(parsed(text, 'when'))).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('matching', () => {
  it('applies = (any), != (none), and both (!= first)', () => {
    const provider = P1; // region=hz, env=prod
    expect(matchesThen(parsed('region=sh,hz', 'then'), provider, {})).toBe(true);
    expect(matchesThen(parsed('region!=sh,hz', 'then'), provider, {})).toBe(false);
    expect(matchesThen(parsed('region=h* & region!=hz', 'then'), provider, {})).toBe(false);
    expect(matchesThen(parsed('region=h* & region!=hk', 'then'), provider, {})).toBe(true);
  });

  it('a missing key never matches, even with !=', () => {
    expect(matchesThen(parsed('zone!=a', 'then'), P1, {})).toBe(false);
    expect(matchesWhen(parsed('attachments[lane]!=a', 'when'), call())).toBe(false);
  });

  it('reads the synthetic provider keys', () => {
    const then = (text: string) => [P1, P2, P4].filter((p) => matchesThen(parsed(text, 'then'), p, {}));
    expect(then('protocol=dubbo')).toEqual([P4]);
    expect(then('path=org.demo.*')).toEqual([P1, P2, P4]);
    expect(then('address=*:50051')).toEqual([P1, P2]);
    expect(then('host=10.0.0.1')).toEqual([P1]);
    expect(then('port=20000~30000')).toEqual([P4]);
    expect(then('weight=200')).toEqual([P4]);
    expect(then('toString=x')).toEqual([]);
  });

  it('reads the consumer on the when side: method, application, host, params, service', () => {
    const invocation = call({ method: 'ping' });
    for (const text of [
      'method=ping',
      'methods=p*',
      'application=shop-web',
      'host=10.1.0.9',
      'region=hz',
      'interface=org.demo.Greeter',
    ]) {
      expect(matchesWhen(parsed(text, 'when'), invocation), text).toBe(true);
    }
    expect(matchesWhen(parsed('version=1.0.0', 'when'), invocation)).toBe(false);
  });

  it('prints arguments as Java String.valueOf would for JS values', () => {
    const when = (text: string, args: unknown[]) => matchesWhen(parsed(text, 'when'), call({ args }));
    expect(when('arguments[0]=7', [7])).toBe(true);
    expect(when('arguments[0]=true', [true])).toBe(true);
    expect(when('arguments[0]=null', [null])).toBe(true);
    expect(when('arguments[1]=b*', ['a', 'bc'])).toBe(true);
    expect(when('arguments[2]=x', ['a'])).toBe(false);
  });
});
