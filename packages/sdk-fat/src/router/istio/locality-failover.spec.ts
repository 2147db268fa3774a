import { describe, expect, it } from 'vitest';
import type { Provider } from '../../provider/provider.js';
import { ProviderSet } from '../../provider/provider-set.js';
import { documents, invocation, names, P1, P2, P4, provider, SHOP_WEB } from '../mesh/providers.fixture.js';
import type { RouteStep } from '../router.js';
import { createIstioRouter, type IstioRouterOptions } from './istio-router.js';
import { parseIstioRules } from './istio-rule-set.js';

const P5 = provider('tri://10.0.0.5:50051/org.demo.Greeter?application=greeter-provider&region=bj&env=prod');
const INPUT = new ProviderSet([P1, P2, P4, P5]);

const dr = (trafficPolicy: string) => `apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata: {name: greeter}
spec:
  host: org.demo.Greeter
  trafficPolicy:
${trafficPolicy}`;

const FAILOVER_TO_BJ = `    outlierDetection: {consecutive5xxErrors: 3, interval: 10s, baseEjectionTime: 30s}
    loadBalancer:
      localityLbSetting:
        enabled: true
        failover: [{from: hz, to: bj}]
`;

const down =
  (...providers: Provider[]) =>
  (p: Provider) =>
    !providers.includes(p);
const router = (policy: string, options: Partial<IstioRouterOptions> = {}) =>
  createIstioRouter(parseIstioRules(documents(dr(policy))), { random: () => 0, ...options });

describe('locality failover (disaster recovery, governance.md §7, §11.8)', () => {
  it('keeps calls in the caller region while it has a healthy provider', () => {
    expect(names(router(FAILOVER_TO_BJ).route(INPUT, invocation()))).toEqual(['P1']);
  });

  it('fails over to the failover.to region of the caller, not to any region', () => {
    const r = router(FAILOVER_TO_BJ, { isHealthy: down(P1) });
    expect(names(r.route(INPUT, invocation()))).toEqual(['P5']);
  });

  it('moves to any healthy provider when the failover region is down too', () => {
    const r = router(FAILOVER_TO_BJ, { isHealthy: down(P1, P5) });
    expect(names(r.route(INPUT, invocation()))).toEqual(['P2', 'P4']);
  });

  it('keeps only the healthy providers of the chosen locality', () => {
    const r = router(FAILOVER_TO_BJ, { isHealthy: down(P1, P5, P2) });
    expect(names(r.route(INPUT, invocation()))).toEqual(['P4']);
  });

  it('keeps every provider when none is healthy (Envoy panic mode)', () => {
    const r = router(FAILOVER_TO_BJ, { isHealthy: () => false });
    expect(r.route(INPUT, invocation())).toBe(INPUT);
  });

  it('prefers the caller zone over the rest of its region', () => {
    const zoneA = provider(
      'tri://10.0.1.1:50051/org.demo.Greeter?application=greeter-provider&region=hz&zone=hz-a',
    );
    const zoneB = provider(
      'tri://10.0.1.2:50051/org.demo.Greeter?application=greeter-provider&region=hz&zone=hz-b',
    );
    const input = new ProviderSet([zoneB, zoneA, P2]);
    const caller = invocation({ consumer: { ...SHOP_WEB, params: { region: 'hz', zone: 'hz-a' } } });
    expect(router(FAILOVER_TO_BJ).route(input, caller).providers).toEqual([zoneA]);
    expect(router(FAILOVER_TO_BJ, { isHealthy: down(zoneA) }).route(input, caller).providers).toEqual([
      zoneB,
    ]);
  });

  it('turns on with outlierDetection alone, and off with enabled: false', () => {
    expect(
      names(router('    outlierDetection: {}\n', { isHealthy: down(P1) }).route(INPUT, invocation())),
    ).toEqual(['P2', 'P4', 'P5']);
    const off = `    outlierDetection: {}\n    loadBalancer: {localityLbSetting: {enabled: false}}\n`;
    expect(router(off).route(INPUT, invocation())).toBe(INPUT);
    expect(router('    loadBalancer: {simple: RANDOM}\n').route(INPUT, invocation())).toBe(INPUT);
  });

  it('applies after a VirtualService picked the destination', () => {
    const yaml = `${dr(FAILOVER_TO_BJ).replace('host: org.demo.Greeter', 'host: greeter-provider')}  subsets: [{name: prod, labels: {env: prod}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: greeter}
spec:
  hosts: [org.demo.Greeter]
  http: [{route: [{destination: {host: greeter-provider, subset: prod}}]}]
`;
    const r = createIstioRouter(parseIstioRules(documents(yaml)), { random: () => 0, isHealthy: down(P1) });
    const steps: RouteStep[] = [];
    expect(names(r.route(INPUT, invocation(), steps))).toEqual(['P5']);
    expect(steps[0]!.rule).toBe(
      'VirtualService greeter, http[0], destination greeter-provider subset prod, locality: failover hz → bj',
    );
  });

  it('asks isHealthy once per provider set and health version, not on every call', () => {
    let asked = 0;
    let version = 1;
    const isHealthy = (p: Provider) => {
      asked++;
      return p !== P1;
    };
    const r = router(FAILOVER_TO_BJ, { isHealthy, healthVersion: () => version });
    for (let i = 0; i < 100; i++) expect(names(r.route(INPUT, invocation()))).toEqual(['P5']);
    const perRound = asked;
    expect(perRound).toBeLessThanOrEqual(INPUT.size);
    version = 2;
    r.route(INPUT, invocation());
    expect(asked).toBe(perRound * 2);
  });
});
