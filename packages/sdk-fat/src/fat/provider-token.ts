import type { UnaryRequest } from '@dubbo-mesh/sdk-core';
import type { Provider } from '../provider/provider.js';

/** The attachment Dubbo's provider-side `TokenFilter` checks, and the URL parameter it comes from. */
export const TOKEN_KEY = 'token';

type RequestAttachments = UnaryRequest['attachments'];

/**
 * The token a provider requires, from its registry URL (`token=...`), or undefined when it requires
 * none. Java's provider writes a generated UUID there for `token="true"`; `false` and empty mean off
 * (Dubbo's `ConfigUtils.isEmpty` / `TokenFilter` treat them so).
 */
export function providerToken(provider: Provider): string | undefined {
  const value = provider.params[TOKEN_KEY];
  if (value === undefined || value === '' || value === 'false') return undefined;
  return value;
}

/**
 * The attachments of one attempt on `provider`: the call's own, plus `token` when the provider's URL
 * carries one, as Java's consumer does (the invoker copies `token` from the provider URL into every
 * invocation, and `TokenFilter` on the provider rejects calls without it). The provider's value wins
 * over a caller's `token` attachment: it is the one the provider will check. The request's object is
 * never mutated, so a retry on another provider does not carry the first provider's token.
 */
export function withProviderToken(attachments: RequestAttachments, provider: Provider): RequestAttachments {
  const token = providerToken(provider);
  if (token === undefined) return attachments;
  return { ...attachments, [TOKEN_KEY]: token };
}
