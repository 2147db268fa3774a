import { describe, expect, it } from 'vitest';
import type { Router, RouteStep } from '../router.js';
import { createTagRouter } from '../tag/tag-router.js';
import { createConditionRouter } from './condition-router.js';
import { parseConditionRule } from './parse-condition-rule.js';
import { allProviders, call, names, routeThrough, ruleDocument } from './providers.fixture.js';

/** A condition router from YAML, behind the no-rule tag router as in Java's chain (so P3 is gone). */
function chain(
  yaml: string,
  options: { random?: () => number; providerApplication?: boolean } = {},
): Router[] {
  const { rule } = parseConditionRule(ruleDocument(yaml));
  return [
    createTagRouter(undefined),
    createConditionRouter(rule, {
      random: options.random ?? (() => 0),
      providerApplication: options.providerApplication,
    }),
  ];
}

function service(conditions: string, extra = ''): string {
  return `configVersion: v3.0\nscope: service\nkey: "org.demo.Greeter::"\n${extra}conditions:\n  - "${conditions}"\n`;
}

describe('condition router, governance.md §9', () => {
  it('4: org.demo.Greeter:: method=greet => region=hz: greet → {P1}, ping → {P1,P2,P4}', () => {
    const routers = chain(service('method=greet => region=hz'));
    expect(names(routeThrough(routers, allProviders(), call({ method: 'greet' })))).toEqual(['P1']);
    expect(names(routeThrough(routers, allProviders(), call({ method: 'ping' })))).toEqual([
      'P1',
      'P2',
      'P4',
    ]);
  });

  it('5: method=greet => region=bj: force=false → {P1,P2,P4}; force=true → ∅', () => {
    const lenient = chain(service('method=greet => region=bj', 'force: false\n'));
    expect(names(routeThrough(lenient, allProviders(), call()))).toEqual(['P1', 'P2', 'P4']);
    const forced = chain(service('method=greet => region=bj', 'force: true\n'));
    expect(names(routeThrough(forced, allProviders(), call()))).toEqual([]);
  });

  it('6: host, address lists and port on the then side', () => {
    expect(names(routeThrough(chain(service('=> host != 10.0.0.2')), allProviders(), call()))).toEqual([
      'P1',
      'P4',
    ]);
    const byAddress = chain(service('=> address=10.0.0.1:50051,10.0.0.4:20880'));
    expect(names(routeThrough(byAddress, allProviders(), call()))).toEqual(['P1', 'P4']);
    expect(names(routeThrough(chain(service('=> port=20880')), allProviders(), call()))).toEqual(['P4']);
  });

  it('7: arguments[0]=1~100 => port=20880: greet(50) → {P4}; greet(500), greet("abc") → {P1,P2,P4}', () => {
    const routers = chain(service('arguments[0]=1~100 => port=20880'));
    expect(names(routeThrough(routers, allProviders(), call({ args: [50] })))).toEqual(['P4']);
    expect(names(routeThrough(routers, allProviders(), call({ args: [500] })))).toEqual(['P1', 'P2', 'P4']);
    expect(names(routeThrough(routers, allProviders(), call({ args: ['abc'] })))).toEqual(['P1', 'P2', 'P4']);
    // Arguments unknown (sidecar path): the key is missing, the rule does not fire.
    expect(names(routeThrough(routers, allProviders(), call({ args: undefined })))).toEqual([
      'P1',
      'P2',
      'P4',
    ]);
  });

  it('8: attachments[lane]=canary => region=sh with lane=canary → {P2,P4}', () => {
    const routers = chain(service('attachments[lane]=canary => region=sh'));
    expect(names(routeThrough(routers, allProviders(), call({ attachments: { lane: 'canary' } })))).toEqual([
      'P2',
      'P4',
    ]);
    expect(names(routeThrough(routers, allProviders(), call({ attachments: { lane: 'stable' } })))).toEqual([
      'P1',
      'P2',
      'P4',
    ]);
  });

  it('9: shop-web.condition-router application=shop-web => → ∅ for every call', () => {
    const yaml =
      'configVersion: v3.0\nscope: application\nkey: shop-web\nconditions:\n  - "application=shop-web =>"\n';
    const routers = chain(yaml);
    for (const method of ['greet', 'ping']) {
      expect(names(routeThrough(routers, allProviders(), call({ method })))).toEqual([]);
    }
    expect(routers[1]!.priority).toBe(150);
  });

  it('10: host=10.1.* => region=$region → {P1} (consumer region=hz)', () => {
    const routers = chain(service('host=10.1.* => region=$region'));
    expect(names(routeThrough(routers, allProviders(), call()))).toEqual(['P1']);
    // The subset follows the consumer's value, each cached under its own key.
    const shanghai = call({ consumerParams: { region: 'sh' } });
    expect(names(routeThrough(routers, allProviders(), shanghai))).toEqual(['P2', 'P4']);
  });

  it('11: v3.1 from method=greet to region=hz (80) / region=sh (20): exactly 80 % {P1}, 20 % {P2,P4}', () => {
    const yaml = [
      'configVersion: v3.1',
      'scope: service',
      'key: "org.demo.Greeter::"',
      'conditions:',
      '  - from: {match: "method=greet"}',
      '    to:',
      '      - {match: "region=hz", weight: 80}',
      '      - {match: "region=sh", weight: 20}',
    ].join('\n');
    let i = 0;
    const steps = 1000;
    const routers = chain(yaml, { random: () => i / steps });
    const providers = allProviders();
    const counts = new Map<string, number>();
    for (; i < steps; i++) {
      const key = names(routeThrough(routers, providers, call())).join(',');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ P1: 800, 'P2,P4': 200 });
    // Not addressed by the from side: unchanged.
    expect(names(routeThrough(routers, providers, call({ method: 'ping' })))).toEqual(['P1', 'P2', 'P4']);
  });
});

describe('condition router scope and chaining', () => {
  it('is a no-op for another service key, version or group', () => {
    const routers = chain(service('=> port=20880'));
    const other = { ...call(), service: { serviceName: 'org.demo.Other' } };
    expect(names(routeThrough(routers, allProviders(), other))).toEqual(['P1', 'P2', 'P4']);
    const versioned = { ...call(), service: { serviceName: 'org.demo.Greeter', version: '1.0.0' } };
    expect(names(routeThrough(routers, allProviders(), versioned))).toEqual(['P1', 'P2', 'P4']);
  });

  it('matches a versioned and grouped key iface:version:group', () => {
    const yaml = 'scope: service\nkey: org.demo.Greeter:1.0.0:blue\nconditions: ["=> port=20880"]\n';
    const routers = chain(yaml);
    const invocation = {
      ...call(),
      service: { serviceName: 'org.demo.Greeter', version: '1.0.0', group: 'blue' },
    };
    expect(names(routeThrough(routers, allProviders(), invocation))).toEqual(['P4']);
  });

  it('a consumer-app rule applies only to that consumer', () => {
    const yaml = 'scope: application\nkey: other-app\nconditions: ["=> port=20880"]\n';
    expect(names(routeThrough(chain(yaml), allProviders(), call()))).toEqual(['P1', 'P2', 'P4']);
  });

  it('a provider-app rule (priority 145) applies when the providers belong to the key', () => {
    const mine = 'scope: application\nkey: greeter-provider\nconditions: ["=> port=20880"]\n';
    const routers = chain(mine, { providerApplication: true });
    expect(routers[1]!.priority).toBe(145);
    expect(names(routeThrough(routers, allProviders(), call()))).toEqual(['P4']);
    const other = 'scope: application\nkey: shop-web\nconditions: ["=> port=20880"]\n';
    expect(names(routeThrough(chain(other, { providerApplication: true }), allProviders(), call()))).toEqual([
      'P1',
      'P2',
      'P4',
    ]);
  });

  it('applies entries one after another and explains those whose when side matched', () => {
    const yaml = [
      'scope: service',
      'key: org.demo.Greeter',
      'conditions:',
      '  - "=> region=sh"',
      '  - "method=ping => port=20880"',
      '  - "=> host != 10.0.0.4"',
    ].join('\n');
    const explain: RouteStep[] = [];
    const result = routeThrough(chain(yaml), allProviders(), call(), explain);
    expect(names(result)).toEqual(['P2']);
    expect(explain.filter((s) => s.router === 'condition')).toEqual([
      { router: 'condition', before: 3, after: 2, rule: '=> region=sh' },
      { router: 'condition', before: 2, after: 1, rule: '=> host != 10.0.0.4' },
    ]);
  });

  it('a disabled rule is a no-op', () => {
    const routers = chain(service('=> port=20880', 'enabled: false\n'));
    expect(names(routeThrough(routers, allProviders(), call()))).toEqual(['P1', 'P2', 'P4']);
  });

  it('a false then side is a blacklist, empty even without force', () => {
    expect(names(routeThrough(chain(service('method=greet => false')), allProviders(), call()))).toEqual([]);
  });

  it('a when side that throws keeps the input and reports once', () => {
    const { rule } = parseConditionRule(ruleDocument(service('arguments[0]=x => port=20880')));
    const errors: string[] = [];
    const router = createConditionRouter(rule, {
      random: () => 0,
      onError: (_e, condition) => errors.push(condition),
    });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const providers = allProviders();
    expect(router.route(providers, call({ args: [cyclic] }))).toBe(providers);
    expect(errors).toEqual(['arguments[0]=x => port=20880']);
  });

  it('v3.1: no non-empty destination → input, or ∅ with force; no `to` → ∅', () => {
    const base = 'configVersion: v3.1\nscope: service\nkey: "org.demo.Greeter::"\n';
    const none = `${base}conditions:\n  - from: {match: "method=greet"}\n    to: [{match: "region=bj"}]\n`;
    expect(names(routeThrough(chain(none), allProviders(), call()))).toEqual(['P1', 'P2', 'P4']);
    expect(names(routeThrough(chain(`force: true\n${none}`), allProviders(), call()))).toEqual([]);
    const blacklist = `${base}conditions:\n  - from: {match: "method=greet"}\n    to: []\n`;
    expect(names(routeThrough(chain(blacklist), allProviders(), call()))).toEqual([]);
    const everyone = `${base}conditions:\n  - from: {match: "method=greet"}\n    to: [{match: ""}]\n`;
    expect(names(routeThrough(chain(everyone), allProviders(), call()))).toEqual(['P1', 'P2', 'P4']);
  });
});
