import {
  type CallRequest,
  type CallResponse,
  inboundRequests,
  runWithInboundHeaders,
} from '@dubbo-mesh/sdk-core';
import { describe, expect, it } from 'vitest';
import { documents } from '../mesh/providers.fixture.js';
import { LANES } from './lanes.fixture.js';
import { trafficLabelInterceptor } from './traffic-label-interceptor.js';
import { parseTrafficLabels, type TrafficLabelSet } from './traffic-label-set.js';

const set = parseTrafficLabels(documents(LANES));
const answer: CallResponse = { stream: false, message: undefined, header: {}, trailer: {} };

/** The attachments a call leaves with, through the interceptor. */
async function sent(
  options: Partial<Parameters<typeof trafficLabelInterceptor>[0]>,
  attachments: CallRequest['attachments'] = {},
  inbound?: Record<string, string>,
): Promise<CallRequest['attachments']> {
  let seen: CallRequest['attachments'] = {};
  const call = trafficLabelInterceptor({ application: 'shop-web', rules: set, env: {}, ...options })(
    async (request) => {
      seen = { ...request.attachments };
      return answer;
    },
  );
  const request = {
    stream: false,
    attachments: { ...attachments },
    message: undefined,
  } as unknown as CallRequest;
  await (inbound ? runWithInboundHeaders(inbound, () => call(request)) : call(request));
  return seen;
}

describe('trafficLabelInterceptor (traffic-label.md: inbound capture → TrafficLabel → outbound headers)', () => {
  it('adds the lane of the inbound request being handled', async () => {
    expect(await sent({}, {}, { 'X-ASM-Prefer-Tag': 'dev-alice' })).toEqual({
      'x-asm-prefer-tag': 'dev-alice',
    });
  });

  it('leaves calls alone outside a request, without TrafficLabel rules, or for another workload', async () => {
    expect(await sent({})).toEqual({});
    expect(await sent({ rules: { trafficLabels: [] } }, {}, { 'x-asm-prefer-tag': 'dev-alice' })).toEqual({});
    expect(await sent({ application: 'order-svc' }, {}, { 'x-asm-prefer-tag': 'dev-alice' })).toEqual({});
  });

  it('keeps a lane the caller set itself, whatever its case', async () => {
    expect(await sent({}, { 'X-Asm-Prefer-Tag': 'dev-carol' }, { 'x-asm-prefer-tag': 'dev-alice' })).toEqual({
      'X-Asm-Prefer-Tag': 'dev-carol',
    });
  });

  it("falls back to this workload's label: configured, else its environment variable", async () => {
    expect(await sent({ env: { ASM_TRAFFIC_TAG: 'dev-env' } })).toEqual({ 'x-asm-prefer-tag': 'dev-env' });
    expect(
      await sent({ env: { ASM_TRAFFIC_TAG: 'dev-env' }, workloadLabels: { ASM_TRAFFIC_TAG: 'dev-config' } }),
    ).toEqual({ 'x-asm-prefer-tag': 'dev-config' });
    // The environment never stands in for the application name in a workload selector.
    expect(
      await sent({ env: { app: 'shop-web' }, application: 'other' }, {}, { 'x-asm-prefer-tag': 'a' }),
    ).toEqual({});
  });

  it('finds the inbound request by its pass-through id outside its async context', async () => {
    // A first call under the rules makes the middleware index requests by `x-request-id`.
    await sent({}, { 'x-request-id': 'req-0' });
    const release = inboundRequests.track({ 'x-request-id': 'req-7', 'x-asm-prefer-tag': 'dev-bob' });
    expect(await sent({}, { 'x-request-id': 'req-7' })).toEqual({
      'x-request-id': 'req-7',
      'x-asm-prefer-tag': 'dev-bob',
    });
    release?.();
    expect(await sent({}, { 'x-request-id': 'req-7' })).toEqual({ 'x-request-id': 'req-7' });
  });

  it('reads the rules per call, so a reload applies to the next call', async () => {
    let current: TrafficLabelSet = { trafficLabels: [] };
    const options = { rules: () => current };
    expect(await sent(options, {}, { 'x-asm-prefer-tag': 'dev-alice' })).toEqual({});
    current = set;
    expect(await sent(options, {}, { 'x-asm-prefer-tag': 'dev-alice' })).toEqual({
      'x-asm-prefer-tag': 'dev-alice',
    });
  });

  it('maps a lane to a Dubbo tag by configuration (traffic-label.md: both must work)', async () => {
    const tagged = parseTrafficLabels(
      documents(
        LANES.replace('name: x-asm-prefer-tag', 'name: dubbo.tag').replace(/ {12}- \$getExt.*\n/, ''),
      ),
    );
    expect(await sent({ rules: tagged }, {}, { 'x-asm-prefer-tag': 'gray' })).toEqual({
      'dubbo.tag': 'gray',
    });
  });
});
