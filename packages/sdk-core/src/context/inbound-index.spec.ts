import { describe, expect, it } from 'vitest';
import { InboundRequestIndex } from './inbound-index.js';

describe('InboundRequestIndex ($getExternalInboundRequestHeader)', () => {
  it('indexes nothing until a rule names an id header', () => {
    const index = new InboundRequestIndex();
    expect(index.track({ 'x-request-id': 'r1' })).toBeUndefined();
    expect(index.size).toBe(0);
  });

  it('finds a request in flight by its id, and forgets it when it ends', () => {
    const index = new InboundRequestIndex();
    index.indexBy('X-Request-Id');
    const first = { 'x-request-id': 'r1', lane: 'dev-alice' };
    const release = index.track(first);
    expect(index.track({ lane: 'no id' })).toBeUndefined();
    expect(index.find('x-request-id', 'r1')).toBe(first);
    expect(index.find('X-Request-Id', 'r1')).toBe(first);
    expect(index.find('x-request-id', 'r2')).toBeUndefined();
    release?.();
    expect(index.find('x-request-id', 'r1')).toBeUndefined();
    expect(index.size).toBe(0);
  });

  it('leaves a later request with the same id when the earlier one ends', () => {
    const index = new InboundRequestIndex();
    index.indexBy('x-request-id');
    const releaseEarlier = index.track({ 'x-request-id': 'r1', lane: 'a' });
    const later = { 'x-request-id': 'r1', lane: 'b' };
    index.track(later);
    releaseEarlier?.();
    expect(index.find('x-request-id', 'r1')).toBe(later);
  });
});
