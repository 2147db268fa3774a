import { describe, expect, it } from 'vitest';
import { ProviderSet } from '../../provider/provider-set.js';
import type { RouteStep } from '../router.js';
import { createMeshRouter } from './mesh-router.js';
import { parseMeshRules } from './mesh-rule-set.js';
import {
  ALL,
  countingFilters,
  documents,
  evenDraws,
  invocation,
  names,
  P1,
  P3,
  provider,
  sequence,
  UNTAGGED,
} from './providers.fixture.js';

/** The rule of governance.md §3.6, used by §9 case 12. */
const CASE_12 = `
apiVersion: service.dubbo.apache.org/v1alpha1
kind: DestinationRule
metadata: {name: greeter-provider}
spec: {host: greeter-provider, subsets: [{name: v1, labels: {region: hz}}, {name: v2, labels: {region: sh}}]}
---
apiVersion: service.dubbo.apache.org/v1alpha1
kind: VirtualService
metadata: {name: greeter-provider}
spec:
  hosts: [greeter-provider]
  dubbo:
    - services: [{exact: org.demo.Greeter}]
      routedetail:
        - name: canary
          match: [{attachments: {dubboContext: {lane: {exact: canary}}}}]
          route: [{destination: {subset: v2, fallback: {destination: {subset: v1}}}}]
        - name: default
          route: [{destination: {subset: v1}, weight: 90}, {destination: {subset: v2}, weight: 10}]
`;

const canary = invocation({ attachments: { lane: 'canary' } });

describe('mesh router, governance.md §9 case 12', () => {
  it('sends lane=canary to subset v2: {P2,P4}', () => {
    const router = createMeshRouter(parseMeshRules(documents(CASE_12)), { random: () => 0 });
    expect(names(router.route(ALL, canary))).toEqual(['P2', 'P4']);
    expect(names(router.route(UNTAGGED, canary))).toEqual(['P2', 'P4']);
  });

  it('splits other calls 90/10 between {P1} and {P2,P4}, exactly in proportion', () => {
    const draws = 1000;
    const router = createMeshRouter(parseMeshRules(documents(CASE_12)), { random: evenDraws(draws) });
    const counts = new Map<string, number>();
    for (let i = 0; i < draws; i++) {
      const key = names(router.route(UNTAGGED, invocation())).join(',');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ P1: 900, 'P2,P4': 100 });
  });

  it('is a no-op for another interface of the same application', () => {
    const router = createMeshRouter(parseMeshRules(documents(CASE_12)), { random: () => 0 });
    const other = invocation({ serviceName: 'org.demo.Other', attachments: { lane: 'canary' } });
    expect(router.route(UNTAGGED, other)).toBe(UNTAGGED);
  });
});

describe('mesh router destinations', () => {
  const rules = () => parseMeshRules(documents(CASE_12));

  it('walks the fallback chain when the subset has no provider in the input', () => {
    const router = createMeshRouter(rules(), { random: () => 0 });
    const hzOnly = new ProviderSet([P1, P3]);
    expect(names(router.route(hzOnly, canary))).toEqual(['P1', 'P3']);
  });

  it('tries the other weighted destinations when the picked one is empty', () => {
    const router = createMeshRouter(rules(), { random: sequence([0.95]) });
    // 0.95 picks v2 (the last 10 %), which has no provider here: v1 is next, from the start.
    expect(names(router.route(new ProviderSet([P1]), invocation()))).toEqual(['P1']);
  });

  it('leaves the input unchanged when no destination has a provider (empty protection)', () => {
    const router = createMeshRouter(rules(), { random: () => 0 });
    const stranger = new ProviderSet([
      provider('tri://10.9.0.5:50051/org.demo.Greeter?application=other-app&region=hz'),
    ]);
    expect(router.route(stranger, invocation())).toBe(stranger);
  });

  it('returns nothing under throwExceptionIfNotMatched when no subset has a provider', () => {
    const yaml = CASE_12.replace(
      '- name: default',
      '- name: default\n          throwExceptionIfNotMatched: true',
    );
    const router = createMeshRouter(parseMeshRules(documents(yaml)), { random: () => 0 });
    const stranger = new ProviderSet([
      provider('tri://10.9.0.5:50051/org.demo.Greeter?application=greeter-provider&region=bj'),
    ]);
    expect(router.route(stranger, invocation()).size).toBe(0);
  });

  it('drops providers of applications without rules once a subset is chosen (Java leaves them out too)', () => {
    const router = createMeshRouter(rules(), { random: () => 0 });
    const foreign = provider('tri://10.9.0.5:50051/org.demo.Greeter?application=other-app&region=hz');
    expect(names(router.route(new ProviderSet([P1, foreign]), invocation()))).toEqual(['P1']);
  });

  it('reuses the cached subset for the same provider set instead of filtering again', () => {
    const router = createMeshRouter(rules(), { random: () => 0 });
    expect(router.route(UNTAGGED, canary)).toBe(router.route(UNTAGGED, canary));
  });

  it('filters each provider set once per subset, however many calls follow (performance contract)', () => {
    const router = createMeshRouter(rules(), { random: evenDraws(10) });
    const { set, evaluated } = countingFilters(UNTAGGED);
    for (let i = 0; i < 1000; i++) router.route(set, i % 2 === 0 ? canary : invocation());
    expect(evaluated()).toBe(2 * set.size); // subsets v1 and v2, once each
  });

  it('explains what it decided', () => {
    const router = createMeshRouter(rules(), { random: () => 0 });
    const steps: RouteStep[] = [];
    router.route(UNTAGGED, canary, steps);
    router.route(UNTAGGED, invocation({ serviceName: 'org.demo.Other' }), steps);
    expect(steps).toEqual([
      { router: 'mesh', before: 3, after: 2, rule: 'application greeter-provider → subset v2' },
      { router: 'mesh', before: 3, after: 3, rule: 'no mesh route applies: unchanged' },
    ]);
  });

  it('unites the subsets chosen for two applications', () => {
    const other = provider('tri://10.9.0.5:50051/org.demo.Greeter?application=greeter-v2&region=sh');
    const yaml = `${CASE_12}---\n${CASE_12.replaceAll('greeter-provider', 'greeter-v2')}`;
    const router = createMeshRouter(parseMeshRules(documents(yaml)), { random: () => 0 });
    const input = new ProviderSet([...UNTAGGED.providers, other]);
    expect(names(router.route(input, canary))).toEqual(['P2', 'P4', 'P5']);
    expect(router.route(input, canary)).toBe(router.route(input, canary));
  });

  it('has the chain position of Java (governance.md §3.2)', () => {
    const router = createMeshRouter(rules(), { random: () => 0 });
    expect([router.name, router.priority]).toEqual(['mesh', -50]);
  });
});
