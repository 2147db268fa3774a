import { describe, expect, it } from 'vitest';
import type { Provider } from '../../provider/provider.js';
import { ProviderSet } from '../../provider/provider-set.js';
import { createConditionRouter } from './condition-router.js';
import { parseConditionRule } from './parse-condition-rule.js';
import { call, P1, P2, P3, P4, ruleDocument } from './providers.fixture.js';

/** Copies of P1–P4 that count every read of their URL fields and parameters. */
function countingProviders(): { providers: ProviderSet; reads: () => number } {
  let reads = 0;
  const counted = [P1, P2, P3, P4].map((p): Provider => {
    const params = new Proxy(p.params, {
      get: (target, key) => {
        reads++;
        return Reflect.get(target, key);
      },
      has: (target, key) => {
        reads++;
        return Reflect.has(target, key);
      },
      getOwnPropertyDescriptor: (target, key) => {
        reads++;
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
    });
    return new Proxy(
      { ...p, params },
      {
        get: (target, key) => {
          if (key !== 'params') reads++;
          return Reflect.get(target, key);
        },
      },
    );
  });
  return { providers: new ProviderSet(counted), reads: () => reads };
}

function router(yaml: string) {
  return createConditionRouter(parseConditionRule(ruleDocument(yaml)).rule, { random: () => 0.5 });
}

describe('condition router per-call cost (performance contract)', () => {
  it('reads no provider after the first call on a provider set, and returns the same set', () => {
    const conditions = [
      'method=greet => region=hz & port!=20880',
      '=> host != 10.0.0.2',
      'host=10.1.* => env=$env',
    ];
    const yaml = `scope: service\nkey: org.demo.Greeter\nconditions: ${JSON.stringify(conditions)}\n`;
    const routing = router(yaml);
    const { providers, reads } = countingProviders();
    const invocation = call({ consumerParams: { region: 'hz', env: 'prod' } });
    const first = routing.route(providers, invocation);
    expect(first.size).toBe(1);
    const afterFirst = reads();
    expect(afterFirst).toBeGreaterThan(0);
    for (let i = 0; i < 100; i++) expect(routing.route(providers, invocation)).toBe(first);
    expect(reads()).toBe(afterFirst);
  });

  it('v3.1: destinations are cached too; only the weighted choice runs per call', () => {
    const yaml = [
      'configVersion: v3.1',
      'scope: service',
      'key: org.demo.Greeter',
      'conditions:',
      '  - to: [{match: "region=hz", weight: 1}, {match: "region=sh", weight: 1}]',
    ].join('\n');
    const routing = router(yaml);
    const { providers, reads } = countingProviders();
    const first = routing.route(providers, call());
    const afterFirst = reads();
    for (let i = 0; i < 100; i++) expect(routing.route(providers, call())).toBe(first);
    expect(reads()).toBe(afterFirst);
  });

  it('a new provider set (new addresses) is evaluated afresh', () => {
    const routing = router('scope: service\nkey: org.demo.Greeter\nconditions: ["=> region=sh"]\n');
    expect(routing.route(new ProviderSet([P1, P2]), call()).providers).toEqual([P2]);
    expect(routing.route(new ProviderSet([P1, P4]), call()).providers).toEqual([P4]);
  });
});
