import { describe, expect, it } from 'vitest';
import { RuleError } from '../rules/rule-error.js';
import { parseConfiguratorRule } from './configurator-rule.js';
import { documents } from './providers.fixture.js';

const parse = (yaml: string) => parseConfiguratorRule(documents(yaml)[0]!);

describe('parseConfiguratorRule (Java ConfigParser, governance.md §4)', () => {
  it('turns the §4 example into override URLs', () => {
    const rule = parse(`
configVersion: v3.0
scope: service
key: org.demo.Greeter
enabled: true
configs:
  - side: consumer
    match: {app: {oneof: [{exact: shop-web}]}, address: {wildcard: "10.1.*"}}
    parameters: {timeout: 3000, retries: 4}
  - {side: provider, addresses: ["10.0.0.1:50051"], parameters: {weight: 200}}
`);
    expect(rule).toMatchObject({ scope: 'service', key: 'org.demo.Greeter', enabled: true });
    expect(rule.configurators).toHaveLength(2);
    expect(rule.configurators[0]).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      serviceKey: 'org.demo.Greeter',
      params: {
        category: 'dynamicconfigurators',
        side: 'consumer',
        timeout: '3000',
        retries: '4',
        enabled: 'true',
        configVersion: 'v3.0',
      },
      match: { app: { oneof: [{ exact: 'shop-web' }] }, address: { wildcard: '10.1.*' } },
    });
    expect(rule.configurators[1]).toMatchObject({
      host: '10.0.0.1',
      port: 50051,
      params: { side: 'provider', weight: '200', providerAddresses: '10.0.0.1:50051' },
    });
  });

  it('application scope: one per service (default *), application = key', () => {
    const rule = parse(`
configVersion: v3.0
scope: application
key: shop-web
configs:
  - {side: consumer, parameters: {timeout: 1}}
  - {side: consumer, services: ["g/org.demo.A:1.0", org.demo.B], parameters: {timeout: 2}}
`);
    expect(rule.configurators.map((c) => [c.serviceKey, c.params.application, c.params.category])).toEqual([
      ['*', 'shop-web', 'appdynamicconfigurators'],
      ['g/org.demo.A:1.0', 'shop-web', 'appdynamicconfigurators'],
      ['org.demo.B', 'shop-web', 'appdynamicconfigurators'],
    ]);
    expect(rule.configurators[1]!.params).toMatchObject({ group: 'g', version: '1.0' });
  });

  it('service scope: one per listed application; rule enabled unless an item has its own type', () => {
    const rule = parse(`
key: org.demo.Greeter
enabled: false
configs:
  - {side: consumer, applications: [a, b], parameters: {timeout: 1}}
  - {side: consumer, type: weight, enabled: true, parameters: {weight: 1}}
`);
    expect(rule.configurators.map((c) => [c.params.application, c.params.enabled])).toEqual([
      ['a', 'false'],
      ['b', 'false'],
      [undefined, 'true'],
    ]);
    expect(rule.configurators[0]!.params.configVersion).toBe('v3.0');
  });

  it.each([
    ['configs: []\n', 'key', 'is required'],
    ['key: S\nscope: global\nconfigs: []\n', 'scope', 'must be service or application'],
    ['key: S\nconfigs: {}\n', 'configs', 'must be a list'],
    ['key: S\nconfigs: [{side: consumer}]\n', 'configs[0].parameters', 'needs at least one parameter'],
    [
      'key: S\nconfigs: [{side: both, parameters: {a: 1}}]\n',
      'configs[0].side',
      'must be consumer or provider',
    ],
    [
      'key: S\nconfigs: [{addresses: 10.0.0.1, parameters: {a: 1}}]\n',
      'configs[0].addresses',
      'must be a list',
    ],
    [
      'key: S\nconfigs: [{match: {application: {oneof: []}}, parameters: {a: 1}}]\n',
      'configs[0].match.application',
      'Dubbo reads app',
    ],
    [
      'key: S\nconfigs: [{match: {address: {glob: "10.*"}}, parameters: {a: 1}}]\n',
      'configs[0].match.address.glob',
      'unknown field',
    ],
    [
      'key: S\nconfigs: [{match: {app: {exact: x}}, parameters: {a: 1}}]\n',
      'configs[0].match.app',
      'oneof list',
    ],
    [
      'key: S\nconfigs: [{match: {param: [{key: k}]}, parameters: {a: 1}}]\n',
      'configs[0].match.param[0].value',
      'must be a mapping',
    ],
    ['key: S\nenabled: maybe\nconfigs: []\n', 'enabled', 'must be true or false'],
  ])('rejects %j with a RuleError on key %s', (yaml, key, problem) => {
    let error: unknown;
    try {
      parse(yaml);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RuleError);
    expect((error as RuleError).key).toBe(key);
    expect((error as RuleError).message).toContain(problem);
    expect((error as RuleError).message).toMatch(/^rules\.yaml, document 0, line \d+, key /);
  });
});
