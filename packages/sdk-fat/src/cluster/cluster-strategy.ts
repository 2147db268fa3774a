import type { Invocation } from '../invocation.js';
import type { Provider } from '../provider/provider.js';
import type { ProviderSet } from '../provider/provider-set.js';

/**
 * What a cluster strategy may do for one call (governance.md §6): list the routed providers (again
 * for each retry, as Java re-routes), select one with the balancer, excluding those already tried,
 * and run one attempt on it.
 */
export interface ClusterContext<R> {
  readonly invocation: Invocation;
  /** The providers the routers keep for this invocation; may be empty. */
  providers(): ProviderSet;
  /** A provider chosen by the balancer, preferring ones not in `excluded`; undefined if none. */
  select(providers: ProviderSet, excluded: ReadonlySet<Provider>): Provider | undefined;
  /** One attempt; rejects with an RpcError. */
  attempt(provider: Provider): Promise<R>;
  /** A URL parameter for this call (method level first, then service level; configurators applied). */
  param(key: string): string | undefined;
  now(): number;
  /** Schedules background work (failback); returns a cancel function. Timers must not hold the process. */
  schedule(delayMs: number, task: () => void): () => void;
  /**
   * Told of every error a strategy does not pass to the caller (failsafe, failback, its background
   * retries), so none is swallowed silently (STYLE.md). Without it they go to `process.emitWarning`.
   */
  onSwallowed?(error: unknown, strategy: string): void;
}

export interface ClusterStrategy {
  /** `failover`, `failfast`, `failsafe`, `failback`, `forking`, `broadcast`, `available`. */
  readonly name: string;
  /** Resolves with the call's result; `undefined` where the strategy swallows failures (failsafe, failback). */
  invoke<R>(context: ClusterContext<R>): Promise<R | undefined>;
}

export type ClusterStrategyFactory = () => ClusterStrategy;
