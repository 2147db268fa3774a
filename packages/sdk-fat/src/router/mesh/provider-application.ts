import type { Provider } from '../../provider/provider.js';

/**
 * The provider application a provider belongs to: Java's `remote.application` (set when consumer
 * parameters were merged over the provider's, governance.md §7), else its `application` parameter.
 */
export function providerApplication(provider: Provider): string | undefined {
  return provider.params['remote.application'] ?? provider.params.application;
}
