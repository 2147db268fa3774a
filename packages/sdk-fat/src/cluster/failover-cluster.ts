import { RpcError } from '@dubbo-mesh/sdk-core';
import { integerParam } from '../balancer/integer-param.js';
import type { Provider } from '../provider/provider.js';
import { isBusinessException } from './business-exception.js';
import type { ClusterContext, ClusterStrategy } from './cluster-strategy.js';
import { noProviderAvailable } from './no-provider-error.js';

/** Java's `DEFAULT_RETRIES` (governance.md §6). */
export const DEFAULT_RETRIES = 2;

/**
 * How many attempts a call gets: `retries` + 1, at least 1 (Java `calculateInvokeTimes`). An integer
 * `retries` attachment on the call wins over the parameter, as Java's client attachment does.
 */
export function failoverAttempts<R>(context: ClusterContext<R>): number {
  const override = context.invocation.attachments.retries?.trim();
  const retries =
    override !== undefined && /^[-+]?\d+$/.test(override)
      ? Number.parseInt(override, 10)
      : integerParam(context.param('retries'), DEFAULT_RETRIES);
  return Math.max(1, retries + 1);
}

/**
 * `failover`, the default (governance.md §6, Java `FailoverClusterInvoker`): on failure, re-route and
 * try a provider not tried yet. Every error is retried — network errors, UNAVAILABLE and, as in Java,
 * DEADLINE_EXCEEDED — except business exceptions, which return at once. When all attempts fail, the
 * error keeps the last one's code and lists the providers tried.
 */
export class FailoverCluster implements ClusterStrategy {
  readonly name = 'failover';

  async invoke<R>(context: ClusterContext<R>): Promise<R> {
    const attempts = failoverAttempts(context);
    const tried = new Set<Provider>();
    let providerCount = 0;
    let last: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      // Each retry lists the providers again: the registry or the rules may have changed meanwhile.
      const providers = context.providers();
      providerCount = providers.size;
      const provider = providers.size === 0 ? undefined : context.select(providers, tried);
      if (!provider) throw noProviderAvailable(last);
      tried.add(provider);
      try {
        return await context.attempt(provider);
      } catch (error) {
        if (isBusinessException(error)) throw error;
        last = error;
      }
    }
    throw exhausted(context, attempts, tried, providerCount, last);
  }
}

function exhausted<R>(
  context: ClusterContext<R>,
  attempts: number,
  tried: ReadonlySet<Provider>,
  providerCount: number,
  last: unknown,
): RpcError {
  const cause = RpcError.from(last);
  const { service, method } = context.invocation;
  const addresses = [...new Set([...tried].map((p) => p.address))];
  return new RpcError(
    cause.code,
    `failed to invoke ${service.serviceName}.${method} after ${attempts} attempt(s) on providers ` +
      `[${addresses.join(', ')}] (${addresses.length}/${providerCount}); last error: ${cause.rawMessage}`,
    { cause: last, metadata: cause.metadata },
  );
}
