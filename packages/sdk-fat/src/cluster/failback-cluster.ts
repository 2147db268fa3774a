import { integerParam } from '../balancer/integer-param.js';
import type { Provider } from '../provider/provider.js';
import { isBusinessException } from './business-exception.js';
import type { ClusterContext, ClusterStrategy } from './cluster-strategy.js';
import { noProviderAvailable } from './no-provider-error.js';
import { reportSwallowed } from './swallowed-error.js';

/** Java's `RETRY_FAILED_PERIOD`: the first background retry after 5 s, then one every 5 s. */
export const FAILBACK_PERIOD_MS = 5_000;
/** Java's `DEFAULT_FAILBACK_TIMES`: background retries per failed call. */
export const DEFAULT_FAILBACK_RETRIES = 3;
/** Java's `DEFAULT_FAILBACK_TASKS`: failed calls waiting for a retry, at most. */
export const DEFAULT_FAILBACK_TASKS = 100;

/**
 * `failback` (governance.md §6, Java `FailbackClusterInvoker`): one attempt now; on failure resolve
 * `undefined` and retry in the background through `context.schedule`, 5 s later and then every 5 s,
 * up to `retries` (3) times, each on a provider other than the last one tried. At most
 * `failbacktasks` (100) calls wait at once; beyond that a failure is reported and dropped. For
 * notifications that must arrive eventually. Business exceptions reach the caller (they are results).
 *
 * One instance per service: it counts the calls waiting.
 */
export class FailbackCluster implements ClusterStrategy {
  readonly name = 'failback';
  private waiting = 0;

  /** Failed calls currently waiting for a background retry. */
  get pendingRetries(): number {
    return this.waiting;
  }

  async invoke<R>(context: ClusterContext<R>): Promise<R | undefined> {
    let provider: Provider | undefined;
    try {
      const providers = context.providers();
      provider = providers.size === 0 ? undefined : context.select(providers, new Set());
      if (!provider) throw noProviderAvailable();
      return await context.attempt(provider);
    } catch (error) {
      if (isBusinessException(error)) throw error;
      reportSwallowed(context, this.name, error);
      this.enqueue(context, provider);
      return undefined;
    }
  }

  private enqueue<R>(context: ClusterContext<R>, lastProvider: Provider | undefined): void {
    const retries = positiveOr(
      integerParam(context.param('retries'), DEFAULT_FAILBACK_RETRIES),
      DEFAULT_FAILBACK_RETRIES,
    );
    const limit = positiveOr(
      integerParam(context.param('failbacktasks'), DEFAULT_FAILBACK_TASKS),
      DEFAULT_FAILBACK_TASKS,
    );
    if (this.waiting >= limit) {
      reportSwallowed(
        context,
        this.name,
        new Error(`failback queue full (${limit} calls waiting); call dropped`),
      );
      return;
    }
    this.waiting++;
    let last = lastProvider;
    let done = 0;
    const retry = async (): Promise<void> => {
      try {
        const providers = context.providers();
        const provider =
          providers.size === 0 ? undefined : context.select(providers, last ? new Set([last]) : new Set());
        if (!provider) throw noProviderAvailable();
        last = provider;
        await context.attempt(provider);
        this.waiting--;
      } catch (error) {
        if (isBusinessException(error)) {
          this.waiting--; // the provider answered: the call was delivered
          return;
        }
        done++;
        if (done >= retries) {
          this.waiting--;
          reportSwallowed(context, this.name, abandoned(retries, error));
        } else {
          reportSwallowed(context, this.name, error);
          context.schedule(FAILBACK_PERIOD_MS, () => void retry());
        }
      }
    };
    context.schedule(FAILBACK_PERIOD_MS, () => void retry());
  }
}

function positiveOr(value: number, fallback: number): number {
  return value > 0 ? value : fallback;
}

function abandoned(retries: number, cause: unknown): Error {
  return new Error(`failback gave up after ${retries} background retries`, { cause });
}
