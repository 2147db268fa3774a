import { integerParam } from '../balancer/integer-param.js';
import type { ClusterContext, ClusterStrategy } from './cluster-strategy.js';
import { noProviderAvailable } from './no-provider-error.js';

/**
 * `broadcast` (governance.md §6, Java `BroadcastClusterInvoker`): every provider, one after another
 * (cache refreshes, say). Failures, business exceptions included, are counted; the loop stops when
 * they reach ⌊n · `broadcast.fail.percent` / 100⌋ (percent 100 by default, out-of-range values mean
 * 100), and the last error is thrown. Java's arithmetic is kept: a threshold of 0 never stops early.
 * Without failures, the last result is returned.
 */
export class BroadcastCluster implements ClusterStrategy {
  readonly name = 'broadcast';

  async invoke<R>(context: ClusterContext<R>): Promise<R | undefined> {
    const { providers } = context.providers();
    if (providers.length === 0) throw noProviderAvailable();
    let percent = integerParam(context.param('broadcast.fail.percent'), 100);
    if (percent < 0 || percent > 100) percent = 100;
    const threshold = Math.floor((providers.length * percent) / 100);
    let failures = 0;
    let lastError: unknown;
    let failed = false;
    let result: R | undefined;
    for (const provider of providers) {
      try {
        result = await context.attempt(provider);
      } catch (error) {
        failed = true;
        lastError = error;
        if (++failures === threshold) break;
      }
    }
    if (failed) throw lastError;
    return result;
  }
}
