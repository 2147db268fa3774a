import { describe, expect, it } from 'vitest';
import { RuleError } from '../../rules/rule-error.js';
import { ruleDocument } from '../condition/providers.fixture.js';
import { parseTagRule } from './parse-tag-rule.js';

function errorOf(yaml: string): RuleError {
  try {
    parseTagRule(ruleDocument(yaml));
  } catch (error) {
    if (error instanceof RuleError) return error;
    throw error;
  }
  throw new Error('expected a RuleError');
}

describe('parseTagRule', () => {
  it('reads the §3.5 example with defaults', () => {
    const rule = parseTagRule(
      ruleDocument(
        [
          'configVersion: v3.0',
          'key: greeter-provider',
          'tags:',
          '  - {name: gray, match: [{key: env, value: {exact: gray}}]}',
          '  - {name: blue, addresses: ["10.0.0.2:50051"]}',
        ].join('\n'),
      ),
    );
    expect(rule).toMatchObject({ key: 'greeter-provider', enabled: true, force: false, runtime: true });
    expect(rule.configVersion).toBe('v3.0');
    expect(
      rule.tags.map((t) => [t.name, t.addresses.map((a) => a.text), t.match.map((m) => [m.key, m.value])]),
    ).toEqual([
      ['gray', [], [['env', { kind: 'exact', value: 'gray' }]]],
      ['blue', ['10.0.0.2:50051'], []],
    ]);
  });

  it('rejects bad documents with a RuleError naming the key and line', () => {
    const cases: [string, string, number][] = [
      ['tags: []', 'key', 1],
      ['key: app\nforce: sometimes\ntags: []', 'force', 2],
      ['key: app\ntags: {gray: 1}', 'tags', 2],
      // A missing key points at its nearest parent that is there.
      ['key: app\ntags:\n  - addresses: ["10.0.0.1"]', 'tags[0].name', 2],
      ['key: app\ntags:\n  - name: blue\n    addresses: ["10.0.0.300:1"]', 'tags[0].addresses[0]', 4],
      ['key: app\ntags:\n  - name: blue\n    addresses: ["10.0.0.1:99999"]', 'tags[0].addresses[0]', 4],
      [
        'key: app\ntags:\n  - name: gray\n    match:\n      - key: env\n        value: {exact: a, prefix: b}',
        'tags[0].match[0].value',
        6,
      ],
      [
        'key: app\ntags:\n  - name: gray\n    match:\n      - key: env\n        value:\n          regex: "("',
        'tags[0].match[0].value.regex',
        7,
      ],
      ['key: app\ntags:\n  - name: gray\n    match:\n      - value: {exact: a}', 'tags[0].match[0].key', 4],
      ['key: app\ntags:\n  - {name: a}\n  - {name: a}', 'tags[1].name', 3],
    ];
    for (const [yaml, key, line] of cases) {
      const error = errorOf(yaml);
      expect(error.key, yaml).toBe(key);
      expect(error.line, yaml).toBe(line);
      expect(error.message).toContain(`key ${key}`);
    }
  });

  it('refuses a document of another kind', () => {
    expect(errorOf('scope: service\nkey: a\nconditions: ["=> a=b"]').message).toContain('not a tag rule');
  });
});
