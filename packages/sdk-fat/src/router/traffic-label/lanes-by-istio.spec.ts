import { describe, expect, it } from 'vitest';
import { ProviderSet } from '../../provider/provider-set.js';
import { buildRuleSet } from '../../rules/rule-set.js';
import { documents, invocation, provider } from '../mesh/providers.fixture.js';
import { computeLabelHeaders } from './label-headers.js';
import { LANES } from './lanes.fixture.js';

// traffic-label.md: "Lanes are realised with ordinary routing: a DestinationRule maps lane names to
// subsets, and a VirtualService routes on the label header to that subset" (how ASM does it).
const ISTIO_LANES = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: b}
spec:
  host: b-svc
  subsets:
    - {name: base, labels: {ASM_TRAFFIC_TAG: base}}
    - {name: dev-alice, labels: {ASM_TRAFFIC_TAG: dev-alice}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: b}
spec:
  hosts: [org.demo.B]
  http:
    - match: [{headers: {x-asm-prefer-tag: {exact: dev-alice}}}]
      route: [{destination: {host: b-svc, subset: dev-alice}}]
    - route: [{destination: {host: b-svc, subset: base}}]
`;

const b = (host: string, lane: string) =>
  provider(`tri://${host}:50051/org.demo.B?application=b-svc&ASM_TRAFFIC_TAG=${lane}`);
const BASE = b('10.2.0.1', 'base');
const ALICE = b('10.2.0.2', 'dev-alice');
const SERVICE_B = new ProviderSet([BASE, ALICE]);

describe('lanes routed by a VirtualService on the label header (no lane router)', () => {
  const rules = buildRuleSet(documents(`${LANES}---\n${ISTIO_LANES}`), { random: () => 0.5 });

  const routed = (inbound: Record<string, string> | undefined) => {
    const attachments = computeLabelHeaders(rules.trafficLabels, {
      application: 'shop-web',
      workloadLabels: {},
      inbound,
      outbound: {},
    });
    return rules.chain.route(SERVICE_B, invocation({ serviceName: 'org.demo.B', attachments })).providers;
  };

  it('sends the label the TrafficLabel computed to its subset, and untagged calls to the baseline', () => {
    expect(routed({ 'x-asm-prefer-tag': 'dev-alice' })).toEqual([ALICE]);
    expect(routed(undefined)).toEqual([BASE]);
    expect(routed({ 'x-asm-prefer-tag': 'dev-bob' })).toEqual([BASE]);
  });
});
