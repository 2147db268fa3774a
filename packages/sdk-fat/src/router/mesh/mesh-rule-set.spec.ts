import { describe, expect, it } from 'vitest';
import { parseMeshRules } from './mesh-rule-set.js';
import { documents } from './providers.fixture.js';

const DR = `apiVersion: service.dubbo.apache.org/v1alpha1
kind: DestinationRule
metadata: {name: greeter-provider}
spec:
  host: greeter-provider
  subsets:
    - name: v1
      labels: {region: hz}
    - name: v2
      labels: {region: sh, version: 2}
`;

const vs = (routedetail: string, name = 'greeter-provider') => `apiVersion: service.dubbo.apache.org/v1alpha1
kind: VirtualService
metadata: {name: ${name}}
spec:
  hosts: [${name}]
  dubbo:
    - services: [{prefix: org.demo.}]
      routedetail:
${routedetail}`;

const DEFAULT_DETAIL = `        - name: default
          route:
            - destination: {subset: v1}
              weight: 90
            - destination: {subset: v2}
              weight: 10
`;

describe('parseMeshRules (governance.md §3.6)', () => {
  it('groups VirtualServices and DestinationRules by application into typed models', () => {
    const rules = parseMeshRules(documents(`${DR}---\n${vs(DEFAULT_DETAIL)}`));
    expect(rules.ignored).toEqual([]);
    expect(rules.applications).toHaveLength(1);
    const app = rules.applications[0]!;
    expect(app.application).toBe('greeter-provider');
    expect(app.subsets.get('v2')).toEqual({ name: 'v2', labels: { region: 'sh', version: '2' } });
    const route = app.virtualServices[0]!.dubbo[0]!;
    expect(route.services).toEqual([{ kind: 'prefix', value: 'org.demo.' }]);
    expect(route.routedetail[0]!.route.map((r) => [r.destination.subset, r.weight])).toEqual([
      ['v1', 90],
      ['v2', 10],
    ]);
  });

  it('skips other kinds and sets aside rules for non-standard mesh routers (dotted metadata.name)', () => {
    const yaml = `${DR}---\n${vs(DEFAULT_DETAIL)}---\n${vs(DEFAULT_DETAIL, 'greeter-provider.custom')}---
configVersion: v3.0
key: greeter-provider
tags: []
`;
    const rules = parseMeshRules(documents(yaml));
    expect(rules.applications.map((a) => a.application)).toEqual(['greeter-provider']);
    expect(rules.ignored.map((i) => [i.document.documentIndex, i.reason])).toEqual([
      [2, 'metadata.name greeter-provider.custom addresses mesh router "custom", not the standard one'],
    ]);
  });

  it('rejects a VirtualService without a DestinationRule, and the reverse, naming the document', () => {
    expect(() => parseMeshRules(documents(vs(DEFAULT_DETAIL), 'mesh.yaml'))).toThrow(
      'mesh.yaml, document 0, line 3, key metadata.name: VirtualService for application greeter-provider has no DestinationRule',
    );
    expect(() =>
      parseMeshRules(
        documents(`${vs(DEFAULT_DETAIL)}---\n${DR.replace('name: greeter-provider', 'name: other')}`),
      ),
    ).toThrow(/document 0, line 3, key metadata\.name: VirtualService for application greeter-provider/);
    expect(() => parseMeshRules(documents(DR, 'dr.yaml'))).toThrow(
      'dr.yaml, document 0, line 3, key metadata.name: DestinationRule for application greeter-provider has no VirtualService',
    );
  });

  it('rejects a destination naming an undefined subset, through fallbacks too', () => {
    const detail = `        - route:
            - destination:
                subset: v1
                fallback:
                  destination: {subset: v3}
`;
    expect(() => parseMeshRules(documents(`${DR}---\n${vs(detail)}`))).toThrow(
      /document 1, line \d+, key spec\.dubbo\[0\]\.routedetail\[0\]\.route\[0\]\.destination\.fallback\.destination\.subset: subset v3 is not defined/,
    );
  });

  it('rejects the docs spellings that Dubbo 3 does not read (governance.md §10.2)', () => {
    const weightInside = `        - route:
            - destination: {subset: v1, weight: 100}
`;
    expect(() => parseMeshRules(documents(`${DR}---\n${vs(weightInside)}`))).toThrow(
      /key spec\.dubbo\[0\]\.routedetail\[0\]\.route\[0\]\.destination\.weight: weight belongs beside destination/,
    );
    const lowerCase = `        - match: [{attachments: {dubbocontext: {lane: {exact: canary}}}}]
          route: [{destination: {subset: v1}}]
`;
    expect(() => parseMeshRules(documents(`${DR}---\n${vs(lowerCase)}`))).toThrow(
      /key spec\.dubbo\[0\]\.routedetail\[0\]\.match\[0\]\.attachments\.dubbocontext: write dubboContext/,
    );
  });

  it('points at the line of the offending key', () => {
    const badRegex = `        - match: [{method: {name_match: {regex: "gre(et"}}}]
          route: [{destination: {subset: v1}}]
`;
    const text = `${DR}---\n${vs(badRegex)}`;
    const line = text.split('\n').findIndex((l) => l.includes('gre(et')) + 1;
    expect(() => parseMeshRules(documents(text))).toThrow(
      `line ${line}, key spec.dubbo[0].routedetail[0].match[0].method.name_match.regex: invalid regular expression`,
    );
  });

  it('rejects other malformed documents with the key named', () => {
    const cases: [string, RegExp][] = [
      [DR.replace('name: v2', 'name: v1'), /key spec\.subsets\[1\]\.name: subset v1 is defined twice/],
      [
        DR.replace(
          'apiVersion: service.dubbo.apache.org/v1alpha1',
          'apiVersion: service.dubbo.apache.org/v2',
        ),
        /key apiVersion: expected service\.dubbo\.apache\.org\/v1alpha1/,
      ],
      [
        DR.replace('metadata: {name: greeter-provider}', 'metadata: {}'),
        /key metadata\.name: expected a non-empty string/,
      ],
    ];
    for (const [dr, error] of cases)
      expect(() => parseMeshRules(documents(`${dr}---\n${vs(DEFAULT_DETAIL)}`))).toThrow(error);
    const negative = DEFAULT_DETAIL.replace('weight: 90', 'weight: -1');
    expect(() => parseMeshRules(documents(`${DR}---\n${vs(negative)}`))).toThrow(
      /route\[0\]\.weight: expected a whole number ≥ 0/,
    );
    const twoValues = `        - match: [{method: {args: [{index: 0, str_value: {oneof: [{exact: a}]}, num_value: {oneof: [{exact: 1}]}}]}}]
          route: [{destination: {subset: v1}}]
`;
    expect(() => parseMeshRules(documents(`${DR}---\n${vs(twoValues)}`))).toThrow(
      /method\.args\[0\]: give exactly one of str_value/,
    );
  });
});
