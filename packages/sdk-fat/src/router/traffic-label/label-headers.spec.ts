import { describe, expect, it } from 'vitest';
import { documents } from '../mesh/providers.fixture.js';
import { computeLabelHeaders, type LabelContext } from './label-headers.js';
import { LANES } from './lanes.fixture.js';
import { parseTrafficLabels } from './traffic-label-set.js';

const set = parseTrafficLabels(documents(LANES));
const context = (overrides: Partial<LabelContext> = {}): LabelContext => ({
  application: 'shop-web',
  workloadLabels: {},
  inbound: undefined,
  outbound: {},
  ...overrides,
});

describe('computeLabelHeaders (traffic-label.md)', () => {
  it('propagates the lane of the inbound request', () => {
    expect(computeLabelHeaders(set, context({ inbound: { 'x-asm-prefer-tag': 'dev-alice' } }))).toEqual({
      'x-asm-prefer-tag': 'dev-alice',
    });
  });

  it('finds the inbound request by its pass-through id when called outside it', () => {
    const inboundByContextId = (contextId: string, value: string) =>
      contextId === 'x-request-id' && value === 'req-7' ? { 'x-asm-prefer-tag': 'dev-bob' } : undefined;
    expect(
      computeLabelHeaders(set, context({ outbound: { 'x-request-id': 'req-7' }, inboundByContextId })),
    ).toEqual({ 'x-asm-prefer-tag': 'dev-bob' });
    expect(
      computeLabelHeaders(set, context({ outbound: { 'x-request-id': 'req-8' }, inboundByContextId })),
    ).toEqual({});
  });

  it('falls back to the workload label, skipping empty values', () => {
    const labelled = context({
      inbound: { 'x-asm-prefer-tag': '' },
      workloadLabels: { ASM_TRAFFIC_TAG: 'dev-alice' },
    });
    expect(computeLabelHeaders(set, labelled)).toEqual({ 'x-asm-prefer-tag': 'dev-alice' });
  });

  it('adds nothing for a workload the selector leaves out, or when no source has a value', () => {
    expect(
      computeLabelHeaders(
        set,
        context({ application: 'order-svc', inbound: { 'x-asm-prefer-tag': 'dev-alice' } }),
      ),
    ).toEqual({});
    expect(computeLabelHeaders(set, context())).toEqual({});
  });

  it('selects by workload labels over the application name', () => {
    const workload = context({
      application: 'x',
      workloadLabels: { app: 'shop-web' },
      inbound: { 'x-asm-prefer-tag': 'dev-alice' },
    });
    expect(computeLabelHeaders(set, workload)).toEqual({ 'x-asm-prefer-tag': 'dev-alice' });
  });

  it('leaves a header the caller set itself', () => {
    const explicit = context({
      inbound: { 'x-asm-prefer-tag': 'dev-alice' },
      outbound: { 'x-asm-prefer-tag': 'dev-carol' },
    });
    expect(computeLabelHeaders(set, explicit)).toEqual({});
  });

  it('reads a header already on the outbound call', () => {
    const yaml = LANES.replace(
      '$getInboundRequestHeader(x-asm-prefer-tag)',
      '$getLocalOutboundRequestHeader(x-lane)',
    );
    const outbound = context({ outbound: { 'x-lane': 'dev-dave' } });
    expect(computeLabelHeaders(parseTrafficLabels(documents(yaml)), outbound)).toEqual({
      'x-asm-prefer-tag': 'dev-dave',
    });
  });
});
