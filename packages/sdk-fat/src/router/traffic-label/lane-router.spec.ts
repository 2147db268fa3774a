import { describe, expect, it } from 'vitest';
import { ProviderSet } from '../../provider/provider-set.js';
import { documents, invocation, provider } from '../mesh/providers.fixture.js';
import type { RouteStep } from '../router.js';
import { computeLabelHeaders } from './label-headers.js';
import { createLaneRouter } from './lane-router.js';
import { LANES } from './lanes.fixture.js';
import { parseTrafficLabels } from './traffic-label-set.js';

const b = (host: string, lane?: string) =>
  provider(
    `tri://${host}:50051/org.demo.B?application=b-svc${lane === undefined ? '' : `&ASM_TRAFFIC_TAG=${lane}`}`,
  );
const B1 = b('10.2.0.1');
const B2 = b('10.2.0.2', '');
const ALICE_B = b('10.2.0.3', 'dev-alice');
const BOB_B = b('10.2.0.4', 'dev-bob');
const SERVICE_B = new ProviderSet([B1, ALICE_B, B2, BOB_B]);
const SERVICE_C = new ProviderSet([b('10.3.0.1'), b('10.3.0.2')]);

const header = 'x-asm-prefer-tag';
const lane = (value: string) => invocation({ serviceName: 'org.demo.B', attachments: { [header]: value } });
const permissive = createLaneRouter({
  header: 'X-ASM-Prefer-Tag',
  labelParam: 'ASM_TRAFFIC_TAG',
  mode: 'permissive',
});
const strict = createLaneRouter({ header, labelParam: 'ASM_TRAFFIC_TAG', mode: 'strict' });

describe('lane router (traffic-label.md)', () => {
  it('sends requests tagged dev-alice to her own B', () => {
    expect(permissive.route(SERVICE_B, lane('dev-alice')).providers).toEqual([ALICE_B]);
  });

  it('sends untagged requests to the baseline (no or empty label)', () => {
    expect(permissive.route(SERVICE_B, invocation()).providers).toEqual([B1, B2]);
    expect(permissive.route(SERVICE_B, lane('')).providers).toEqual([B1, B2]);
  });

  it('sends a lane without its own instance of the service to the baseline in permissive mode', () => {
    expect(permissive.route(SERVICE_B, lane('dev-carol')).providers).toEqual([B1, B2]);
    expect(permissive.route(SERVICE_C, lane('dev-alice'))).toBe(SERVICE_C);
  });

  it('fails such a lane in strict mode, and still serves the lanes that exist', () => {
    expect(strict.route(SERVICE_C, lane('dev-alice')).size).toBe(0);
    expect(strict.route(SERVICE_B, lane('dev-bob')).providers).toEqual([BOB_B]);
    expect(strict.route(SERVICE_B, invocation()).providers).toEqual([B1, B2]);
  });

  it('carries the lane across a hop: inbound header → TrafficLabel → outbound attachment → lane', () => {
    const set = parseTrafficLabels(documents(LANES));
    const outbound = computeLabelHeaders(set, {
      application: 'shop-web',
      workloadLabels: {},
      inbound: { [header]: 'dev-alice', 'x-request-id': 'r1' },
      outbound: {},
    });
    const call = invocation({ serviceName: 'org.demo.B', attachments: outbound });
    expect(permissive.route(SERVICE_B, call).providers).toEqual([ALICE_B]);
  });

  it('computes the lanes once per provider set and explains its decision', () => {
    expect(permissive.route(SERVICE_B, lane('dev-alice'))).toBe(
      permissive.route(SERVICE_B, lane('dev-alice')),
    );
    const steps: RouteStep[] = [];
    permissive.route(SERVICE_B, lane('dev-alice'), steps);
    permissive.route(SERVICE_B, lane('dev-carol'), steps);
    strict.route(SERVICE_C, lane('dev-carol'), steps);
    permissive.route(SERVICE_B, invocation(), steps);
    expect(steps.map((s) => [s.after, s.rule])).toEqual([
      [1, 'lane dev-alice'],
      [2, 'lane dev-carol has no provider: baseline (permissive)'],
      [0, 'lane dev-carol has no provider: none (strict)'],
      [2, 'no lane: baseline'],
    ]);
    expect([permissive.name, permissive.priority]).toEqual(['lane', -30]);
  });
});
