import { REDACTED, RpcError, type StreamResponse, type UnaryRequest } from '@dubbo-mesh/sdk-core';
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

/**
 * `error` with a provider's token taken out of its message. Java's TokenFilter quotes the token it
 * got when it refuses a call ("consumer incorrect token is ..."): with a stale token in the
 * registry that is the registry's secret, which must not reach logs or callers. Other errors, and
 * calls to providers without a token, pass unchanged.
 */
export function withoutProviderToken(error: unknown, token: string | undefined): unknown {
  if (token === undefined || !(error instanceof RpcError) || !error.rawMessage.includes(token)) return error;
  // No `cause`: it is the original error, message and all.
  return new RpcError(error.code, error.rawMessage.replaceAll(token, REDACTED), {
    metadata: error.metadata,
    details: error.details,
  });
}

/** A stream response whose messages' error, if any, has the provider's token taken out. */
export function streamWithoutProviderToken(
  response: StreamResponse,
  token: string | undefined,
): StreamResponse {
  if (token === undefined) return response;
  return { ...response, messages: messagesWithoutToken(response.messages, token) };
}

async function* messagesWithoutToken(
  messages: AsyncIterable<unknown>,
  token: string,
): AsyncIterable<unknown> {
  try {
    yield* messages;
  } catch (err) {
    throw withoutProviderToken(err, token);
  }
}
