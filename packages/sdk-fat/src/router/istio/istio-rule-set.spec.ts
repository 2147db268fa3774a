import { describe, expect, it } from 'vitest';
import { documents } from '../mesh/providers.fixture.js';
import { destinationPolicyFor, parseIstioRules } from './istio-rule-set.js';

const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: greeter}
spec:
  host: greeter-provider.shop.svc.cluster.local
  trafficPolicy:
    loadBalancer:
      consistentHash: {httpHeaderName: X-User-Id}
    outlierDetection:
      consecutive5xxErrors: 3
      interval: 500ms
      baseEjectionTime: 1m30s
    localityLbSetting:
      failover: [{from: hz, to: sh}]
  subsets:
    - name: v1
      labels: {region: hz}
      trafficPolicy:
        loadBalancer: {simple: LEAST_REQUEST}
`;

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: greeter}
spec:
  hosts: [org.demo.Greeter]
  http:
    - match:
        - headers: {X-Lane: {regex: "dev-.*"}}
      route:
        - destination: {host: greeter-provider, subset: v1}
`;

const WITH_DR = (vs: string) => `${DR}---\n${vs}`;

describe('parseIstioRules (governance.md §8, §11.8)', () => {
  it('reads VirtualServices and DestinationRules, with lower-cased header names and Kubernetes hosts', () => {
    const rules = parseIstioRules(documents(`${DR}---\n${VS}`));
    expect(rules.virtualServices).toHaveLength(1);
    const http = rules.virtualServices[0]!.http[0]!;
    expect([...http.match[0]!.headers.keys()]).toEqual(['x-lane']);
    expect(http.route).toEqual([
      { host: 'greeter-provider', hostName: 'greeter-provider', subset: 'v1', port: undefined, weight: 100 },
    ]);
    expect([...rules.destinationRules.keys()]).toEqual(['greeter-provider']);
  });

  it('exposes the trafficPolicy for balancers and ejection, with Istio defaults and durations in ms', () => {
    const rules = parseIstioRules(documents(DR));
    const policy = destinationPolicyFor(rules, 'org.demo.Greeter', 'greeter-provider');
    expect(policy).toEqual({
      loadBalancer: undefined,
      consistentHash: { kind: 'header', header: 'x-user-id' },
      outlierDetection: {
        consecutive5xxErrors: 3,
        consecutiveGatewayErrors: 0,
        intervalMs: 500,
        baseEjectionTimeMs: 90_000,
        maxEjectionPercent: 10,
        minHealthPercent: 0,
      },
      locality: { enabled: true, failover: [{ from: 'hz', to: 'sh' }] },
    });
    const subset = destinationPolicyFor(rules, 'org.demo.Greeter', 'greeter-provider', 'v1');
    expect([subset?.loadBalancer, subset?.consistentHash, subset?.outlierDetection?.intervalMs]).toEqual([
      'leastactive',
      undefined,
      500,
    ]);
    expect(destinationPolicyFor(rules, 'org.demo.Other', 'other-app')).toBeUndefined();
  });

  it('maps loadBalancer.simple to this SDK balancers', () => {
    const policy = (simple: string) =>
      destinationPolicyFor(
        parseIstioRules(
          documents(
            `${DR.split('  trafficPolicy:')[0]}  trafficPolicy: {loadBalancer: {simple: ${simple}}}\n`,
          ),
        ),
        'x',
        'greeter-provider',
      )?.loadBalancer;
    expect(['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'PASSTHROUGH'].map(policy)).toEqual([
      'roundrobin',
      'leastactive',
      'random',
      undefined,
    ]);
  });

  it('rejects bad documents with a RuleError naming the key', () => {
    const cases: [string, RegExp][] = [
      [
        `${DR}---\n${VS.replace('subset: v1', 'subset: v9')}`,
        /document 1, line 30, key spec\.http\[0\]\.route\[0\]\.destination\.subset: no DestinationRule for host greeter-provider defines subset v9/,
      ],
      [
        `${DR}---\n${DR.replace('greeter-provider.shop.svc.cluster.local', 'greeter-provider')}`,
        /document 1, line 25, key spec\.host: host greeter-provider already has DestinationRule greeter/,
      ],
      [
        DR.replace('1m30s', '90 seconds'),
        /line 12, key spec\.trafficPolicy\.outlierDetection\.baseEjectionTime: expected a duration/,
      ],
      [
        DR.replace('LEAST_REQUEST', 'FASTEST'),
        /key spec\.subsets\[0\]\.trafficPolicy\.loadBalancer\.simple: expected one of ROUND_ROBIN/,
      ],
      [
        DR.replace('httpHeaderName: X-User-Id', 'httpCookie: {name: s}'),
        /key spec\.trafficPolicy\.loadBalancer\.consistentHash\.httpCookie: httpCookie does not apply/,
      ],
      [
        WITH_DR(VS.replace('regex: "dev-.*"', 'regex: "(?!dev)"')),
        /key spec\.http\[0\]\.match\[0\]\.headers\.X-Lane\.regex: lookaround/,
      ],
      [
        WITH_DR(VS.replace('headers: {X-Lane', 'queryParams: {X-Lane')),
        /key spec\.http\[0\]\.match\[0\]\.queryParams: queryParams: Triple requests have no query string/,
      ],
      [
        WITH_DR(
          VS.replace(
            'subset: v1}',
            'subset: v1}\n          weight: 0\n        - destination: {host: greeter-provider, subset: v1}',
          ),
        ),
        /key spec\.http\[0\]\.route: the weights add up to 0/,
      ],
      [
        VS.replace('networking.istio.io/v1', 'networking.istio.io/v2'),
        /key apiVersion: expected one of networking\.istio\.io\/v1alpha3/,
      ],
      [VS.replace('hosts: [org.demo.Greeter]', 'hosts: []'), /key spec\.hosts: give at least one host/],
      [
        WITH_DR(
          VS.replace(
            '{host: greeter-provider, subset: v1}',
            '{host: greeter-provider, subset: v1, weight: 5}',
          ),
        ),
        /key spec\.http\[0\]\.route\[0\]\.destination\.weight: unknown key/,
      ],
    ];
    for (const [yaml, error] of cases)
      expect(() => parseIstioRules(documents(yaml)), String(error)).toThrow(error);
  });
});
