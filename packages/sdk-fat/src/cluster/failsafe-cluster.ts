import { isBusinessException } from './business-exception.js';
import type { ClusterContext, ClusterStrategy } from './cluster-strategy.js';
import { noProviderAvailable } from './no-provider-error.js';
import { reportSwallowed } from './swallowed-error.js';

/**
 * `failsafe` (governance.md §6, Java `FailsafeClusterInvoker`): one attempt; a failure, including "no
 * provider", resolves `undefined` and is reported through `onSwallowed`. Business exceptions still
 * reach the caller: in Java they ride inside the Result, which failsafe returns.
 */
export class FailsafeCluster implements ClusterStrategy {
  readonly name = 'failsafe';

  async invoke<R>(context: ClusterContext<R>): Promise<R | undefined> {
    try {
      const providers = context.providers();
      const provider = providers.size === 0 ? undefined : context.select(providers, new Set());
      if (!provider) throw noProviderAvailable();
      return await context.attempt(provider);
    } catch (error) {
      if (isBusinessException(error)) throw error;
      reportSwallowed(context, this.name, error);
      return undefined;
    }
  }
}
