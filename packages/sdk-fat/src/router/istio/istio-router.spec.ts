import { describe, expect, it } from 'vitest';
import { ProviderSet } from '../../provider/provider-set.js';
import {
  ALL,
  countingFilters,
  documents,
  evenDraws,
  invocation,
  names,
  P1,
  P2,
  P3,
  P4,
  UNTAGGED,
} from '../mesh/providers.fixture.js';
import type { RouteStep } from '../router.js';
import { createIstioRouter } from './istio-router.js';
import { parseIstioRules } from './istio-rule-set.js';

const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: greeter}
spec:
  host: greeter-provider
  subsets:
    - {name: v1, labels: {region: hz}}
    - {name: v2, labels: {region: sh}}
    - {name: bj, labels: {region: bj}}
    - {name: gray, labels: {env: gray}}
`;

const vs = (hosts: string, http: string, extra = '') => `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: greeter}
spec:
  hosts: [${hosts}]${extra}
  http:
${http}`;

const CANARY_THEN_SPLIT = `    - name: canary
      match:
        - headers: {lane: {exact: canary}}
        - uri: {prefix: /org.demo.Greeter/canary}
      route:
        - destination: {host: greeter-provider, subset: v2}
    - name: default
      route:
        - {destination: {host: greeter-provider, subset: v1}, weight: 90}
        - {destination: {host: greeter-provider, subset: v2}, weight: 10}
`;

const router = (yaml: string, random: () => number = () => 0) =>
  createIstioRouter(parseIstioRules(documents(yaml)), { random });
const canary = invocation({ attachments: { lane: 'canary' } });

describe('Istio router (governance.md §8, §11.8)', () => {
  it('routes the first matching http route: header or uri match (OR) → subset v2', () => {
    const r = router(`${DR}---\n${vs('org.demo.Greeter', CANARY_THEN_SPLIT)}`);
    expect(names(r.route(ALL, canary))).toEqual(['P2', 'P4']);
    expect(names(r.route(ALL, invocation({ method: 'canaryGreet' })))).toEqual(['P2', 'P4']);
  });

  it('splits by weight exactly in proportion: the Istio form of §9 case 12', () => {
    const draws = 1000;
    const r = router(`${DR}---\n${vs('org.demo.Greeter', CANARY_THEN_SPLIT)}`, evenDraws(draws));
    const counts = new Map<string, number>();
    for (let i = 0; i < draws; i++) {
      const key = names(r.route(UNTAGGED, invocation())).join(',');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ P1: 900, 'P2,P4': 100 });
  });

  it('addresses a service by interface, application or Kubernetes name', () => {
    for (const host of ['org.demo.Greeter', 'greeter-provider', 'greeter-provider.shop.svc.cluster.local']) {
      expect(names(router(`${DR}---\n${vs(host, CANARY_THEN_SPLIT)}`).route(ALL, canary)), host).toEqual([
        'P2',
        'P4',
      ]);
    }
    const k8sDestination = CANARY_THEN_SPLIT.replaceAll(
      'host: greeter-provider',
      'host: greeter-provider.shop.svc.cluster.local',
    );
    expect(names(router(`${DR}---\n${vs('org.demo.Greeter', k8sDestination)}`).route(ALL, canary))).toEqual([
      'P2',
      'P4',
    ]);
  });

  it('sends a destination without subset to every provider of its host', () => {
    const http = `    - route:
        - destination: {host: org.demo.Greeter}
`;
    expect(router(vs('org.demo.Greeter', http)).route(ALL, invocation())).toBe(ALL);
  });

  it('leaves other services and unmatched calls unchanged', () => {
    const r = router(
      `${DR}---\n${vs('org.demo.Greeter', CANARY_THEN_SPLIT.split('    - name: default')[0]!)}`,
    );
    expect(r.route(ALL, invocation({ serviceName: 'org.demo.Other' }))).toBe(ALL);
    expect(r.route(ALL, invocation())).toBe(ALL);
  });

  it('falls back to the other destinations by weight, highest first, then to nothing', () => {
    const http = `    - route:
        - {destination: {host: greeter-provider, subset: bj}, weight: 50}
        - {destination: {host: greeter-provider, subset: v2}, weight: 10}
        - {destination: {host: greeter-provider, subset: gray}, weight: 40}
`;
    const r = router(`${DR}---\n${vs('org.demo.Greeter', http)}`);
    expect(names(r.route(ALL, invocation()))).toEqual(['P3']); // bj is empty; gray (40) before v2 (10)
    expect(names(r.route(UNTAGGED, invocation()))).toEqual(['P2', 'P4']);
    expect(r.route(new ProviderSet([P1]), invocation()).size).toBe(0);
  });

  it('never sends traffic to a destination of weight 0, not even as a fallback', () => {
    const http = `    - route:
        - {destination: {host: greeter-provider, subset: v1}, weight: 0}
        - {destination: {host: greeter-provider, subset: v2}, weight: 100}
`;
    const r = router(`${DR}---\n${vs('org.demo.Greeter', http)}`);
    expect(names(r.route(ALL, invocation()))).toEqual(['P2', 'P4']);
    expect(r.route(new ProviderSet([P1, P3]), invocation()).size).toBe(0);
  });

  it('matches sourceLabels on the caller, withoutHeaders, and port', () => {
    const http = `    - match: [{sourceLabels: {region: hz, app: shop-web}, withoutHeaders: {x-debug: {}}}]
      route: [{destination: {host: greeter-provider, subset: v2}}]
    - match: [{port: 20880}]
      route: [{destination: {host: greeter-provider, port: {number: 20880}}}]
    - route: [{destination: {host: greeter-provider, subset: v1}}]
`;
    const r = router(`${DR}---\n${vs('org.demo.Greeter', http)}`);
    expect(names(r.route(ALL, invocation()))).toEqual(['P2', 'P4']);
    expect(names(r.route(ALL, invocation({ attachments: { 'x-debug': '' } })))).toEqual(['P4']);
    expect(
      names(r.route(new ProviderSet([P1, P2]), invocation({ attachments: { 'x-debug': '1' } }))),
    ).toEqual(['P1']);
  });

  it('ignores VirtualServices and matches bound to gateways other than mesh', () => {
    const gatewayOnly = vs('org.demo.Greeter', CANARY_THEN_SPLIT, '\n  gateways: [edge-gateway]');
    expect(router(`${DR}---\n${gatewayOnly}`).route(ALL, canary)).toBe(ALL);
    const http = `    - match: [{gateways: [edge-gateway], headers: {lane: {exact: canary}}}]
      route: [{destination: {host: greeter-provider, subset: v2}}]
    - match: [{gateways: [mesh], headers: {lane: {exact: canary}}}]
      route: [{destination: {host: greeter-provider, subset: gray}}]
`;
    expect(names(router(`${DR}---\n${vs('org.demo.Greeter', http)}`).route(ALL, canary))).toEqual(['P3']);
  });

  it('matches the uri case-insensitively with ignoreUriCase and always sees POST', () => {
    const http = `    - match: [{uri: {exact: /ORG.DEMO.GREETER/GREET}, ignoreUriCase: true, method: {exact: POST}}]
      route: [{destination: {host: greeter-provider, subset: v2}}]
`;
    expect(names(router(`${DR}---\n${vs('org.demo.Greeter', http)}`).route(ALL, invocation()))).toEqual([
      'P2',
      'P4',
    ]);
  });

  it('filters each provider set once per destination, however many calls follow (performance contract)', () => {
    const r = router(`${DR}---\n${vs('org.demo.Greeter', CANARY_THEN_SPLIT)}`, evenDraws(10));
    const { set, evaluated } = countingFilters(ALL);
    for (let i = 0; i < 1000; i++) r.route(set, i % 2 === 0 ? canary : invocation());
    expect(evaluated()).toBe(3 * set.size); // canary → v2, default → v1 or v2: three destinations
  });

  it('caches subsets per provider set and explains its decision', () => {
    const r = router(`${DR}---\n${vs('org.demo.Greeter', CANARY_THEN_SPLIT)}`);
    expect(r.route(ALL, canary)).toBe(r.route(ALL, canary));
    const steps: RouteStep[] = [];
    r.route(ALL, canary, steps);
    r.route(ALL, invocation({ serviceName: 'org.demo.Other' }), steps);
    expect(steps).toEqual([
      {
        router: 'istio',
        before: 4,
        after: 2,
        rule: 'VirtualService greeter, http[0] canary, destination greeter-provider subset v2',
      },
      { router: 'istio', before: 4, after: 4, rule: 'no Istio rule applies: unchanged' },
    ]);
    expect([r.name, r.priority]).toEqual(['istio', -40]);
  });

  it('keeps the input order of providers', () => {
    const reversed = new ProviderSet([P4, P3, P2, P1]);
    expect(
      names(router(`${DR}---\n${vs('org.demo.Greeter', CANARY_THEN_SPLIT)}`).route(reversed, canary)),
    ).toEqual(['P4', 'P2']);
  });
});
