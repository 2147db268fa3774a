import { describe, expect, it } from 'vitest';
import type { CallRequest, CallResponse } from '../transport.js';
import { runWithInboundHeaders } from './inbound-headers.js';
import { propagateInboundHeaders } from './propagate-headers.js';

const answer: CallResponse = { stream: false, message: undefined, header: {}, trailer: {} };

async function sent(
  attachments: CallRequest['attachments'],
  inbound?: Record<string, string>,
): Promise<CallRequest['attachments']> {
  let seen: CallRequest['attachments'] = {};
  const call = propagateInboundHeaders(['X-ASM-Prefer-Tag'])(async (request) => {
    seen = request.attachments;
    return answer;
  });
  const request = { stream: false, attachments, message: undefined } as unknown as CallRequest;
  await (inbound ? runWithInboundHeaders(inbound, () => call(request)) : call(request));
  return seen;
}

describe('propagateInboundHeaders', () => {
  it('copies the named inbound headers to the outbound call', async () => {
    expect(await sent({}, { 'x-asm-prefer-tag': 'dev-alice', other: 'no' })).toEqual({
      'x-asm-prefer-tag': 'dev-alice',
    });
  });

  it("adds nothing outside a request, for an empty value, or over the caller's own value", async () => {
    expect(await sent({})).toEqual({});
    expect(await sent({}, { 'x-asm-prefer-tag': '' })).toEqual({});
    expect(await sent({ 'X-Asm-Prefer-Tag': 'dev-bob' }, { 'x-asm-prefer-tag': 'dev-alice' })).toEqual({
      'X-Asm-Prefer-Tag': 'dev-bob',
    });
  });
});
