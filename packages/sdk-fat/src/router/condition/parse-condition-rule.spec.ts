import { describe, expect, it } from 'vitest';
import { RuleError } from '../../rules/rule-error.js';
import { parseConditionRule } from './parse-condition-rule.js';
import { ruleDocument } from './providers.fixture.js';

function parse(yaml: string) {
  return parseConditionRule(ruleDocument(yaml));
}

function errorOf(yaml: string): RuleError {
  try {
    parse(yaml);
  } catch (error) {
    if (error instanceof RuleError) return error;
    throw error;
  }
  throw new Error('expected a RuleError');
}

describe('parseConditionRule', () => {
  it('reads the §3.3 example with defaults (enabled, not forced, runtime), ignoring priority', () => {
    const { rule, warnings } = parse(
      [
        'configVersion: v3.0',
        'scope: service',
        'key: org.demo.Greeter',
        'priority: 7',
        'conditions: ["method=greet => region=hz", "=> host != 10.0.0.2"]',
      ].join('\n'),
    );
    expect(warnings).toEqual([]);
    expect(rule).toMatchObject({
      configVersion: 'v3.0',
      scope: 'service',
      key: 'org.demo.Greeter::',
      enabled: true,
      force: false,
      runtime: true,
      source: 'test-rules.yaml document 0',
    });
    expect(rule.configVersion === 'v3.0' && rule.conditions.map((c) => c.text)).toEqual([
      'method=greet => region=hz',
      '=> host != 10.0.0.2',
    ]);
  });

  it('treats an absent configVersion as v3.0 and v3.1.x as v3.1', () => {
    expect(parse('scope: service\nkey: a.B\nconditions: ["=> x=1"]').rule.configVersion).toBe('v3.0');
    const v31 = parse('configVersion: V3.1.2\nscope: service\nkey: a.B\nconditions: [{to: [{match: x=1}]}]');
    expect(v31.rule.configVersion).toBe('v3.1');
  });

  it('completes service keys and keeps empty parts', () => {
    const key = (k: string) => parse(`scope: service\nkey: "${k}"\nconditions: ["=> x=1"]`).rule.key;
    expect(key('org.demo.Greeter')).toBe('org.demo.Greeter::');
    expect(key('org.demo.Greeter:1.0.0')).toBe('org.demo.Greeter:1.0.0:');
    expect(key('org.demo.Greeter::blue')).toBe('org.demo.Greeter::blue');
  });

  it('warns about an old-form service key and keeps it (it matches nothing, governance.md §11.5)', () => {
    for (const key of ['blue/org.demo.Greeter:1.0.0', 'blue:org.demo.Greeter:1.0.0']) {
      const { rule, warnings } = parse(`scope: service\nkey: "${key}"\nconditions: ["=> x=1"]`);
      expect(rule.key).toBe(key);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('interface:version:group');
    }
  });

  it('reads v3.1 destinations with the default weight 100', () => {
    const { rule } = parse(
      [
        'configVersion: v3.1',
        'scope: application',
        'key: shop-web',
        'force: "true"',
        'conditions:',
        '  - from: {match: "method=greet"}',
        '    to: [{match: "region=hz", weight: 80}, {match: "region=sh"}]',
      ].join('\n'),
    );
    expect(rule.force).toBe(true);
    if (rule.configVersion !== 'v3.1') throw new Error('expected v3.1');
    expect(rule.conditions[0]!.text).toBe('method=greet');
    expect(rule.conditions[0]!.to.map((d) => [d.text, d.weight])).toEqual([
      ['region=hz', 80],
      ['region=sh', 100],
    ]);
  });

  it('rejects bad documents with a RuleError naming the key and line', () => {
    const cases: [string, string, number][] = [
      ['configVersion: v3.2\nscope: service\nkey: a.B\nconditions: ["=> x=1"]', 'configVersion', 1],
      ['configVersion: v4.0\nscope: service\nkey: a.B\nconditions: ["=> x=1"]', 'configVersion', 1],
      ['scope: cluster\nkey: a.B\nconditions: ["=> x=1"]', 'scope', 1],
      ['key: a.B\nconditions: ["=> x=1"]', 'scope', 1],
      ['scope: service\nconditions: ["=> x=1"]', 'key', 1],
      ['scope: service\nkey: a.B\nenabled: maybe\nconditions: ["=> x=1"]', 'enabled', 3],
      ['scope: service\nkey: a.B\nconditions: []', 'conditions', 3],
      ['scope: service\nkey: a.B\nconditions:\n  - "=> x=1"\n  - "=x => y=1"', 'conditions[1]', 3],
      ['scope: service\nkey: a.B\nconditions:\n  - "method => y=1"', 'conditions[0]', 3],
      ['scope: service\nkey: a.B\nconditions:\n  - "=> arguments[0]=1"', 'conditions[0]', 3],
      ['scope: service\nkey: a.B\nconditions:\n  - {from: {match: x=1}}', 'conditions[0]', 3],
      [
        'configVersion: v3.1\nscope: service\nkey: a.B\nconditions:\n  - to:\n    - match: x=1\n      weight: -5',
        'conditions[0].to[0].weight',
        7,
      ],
      [
        'configVersion: v3.1\nscope: service\nkey: a.B\nconditions:\n  - from:\n      match: "a=1 !b"\n    to: []',
        'conditions[0].from.match',
        6,
      ],
    ];
    for (const [yaml, key, line] of cases) {
      const error = errorOf(yaml);
      expect(error.key, yaml).toBe(key);
      expect(error.line, yaml).toBe(line);
      expect(error.message).toContain(`key ${key}`);
      expect(error.message).toContain('test-rules.yaml');
    }
  });

  it('refuses a document of another kind', () => {
    expect(errorOf('key: greeter-provider\ntags: []').message).toContain('not a condition rule');
  });
});
