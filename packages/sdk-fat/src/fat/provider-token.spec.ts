import { describe, expect, it } from 'vitest';
import { makeProvider } from '../provider/provider-url.js';
import { providerToken, withProviderToken } from './provider-token.js';

function provider(params: Record<string, string>) {
  return makeProvider('tri', '127.0.0.1', 50051, 'org.demo.Greeter', params);
}

describe('provider token', () => {
  it('reads token=... from the provider URL; empty and false mean none', () => {
    expect(providerToken(provider({ token: 'c2VjcmV0' }))).toBe('c2VjcmV0');
    expect(providerToken(provider({ token: '' }))).toBeUndefined();
    expect(providerToken(provider({ token: 'false' }))).toBeUndefined();
    expect(providerToken(provider({}))).toBeUndefined();
  });

  it("adds the provider's token to a copy of the attachments, over the caller's", () => {
    const callers = { trace: 't1', token: 'forged' };
    const attempt = withProviderToken(callers, provider({ token: 'right' }));
    expect(attempt).toEqual({ trace: 't1', token: 'right' });
    expect(callers).toEqual({ trace: 't1', token: 'forged' });
  });

  it('leaves the attachments (the same object) alone for a provider without a token', () => {
    const callers = { trace: 't1' };
    expect(withProviderToken(callers, provider({}))).toBe(callers);
  });
});
