import type { Invocation } from '../invocation.js';
import type { Provider } from '../provider/provider.js';
import type { ProviderSet } from '../provider/provider-set.js';

/** How a finished call went, for balancers that learn (least-active, shortest-response, P2C). */
export interface CallOutcome {
  readonly ok: boolean;
  readonly elapsedMs: number;
}

/** Picks one provider per attempt (governance.md §5). Time and randomness come from `BalancerContext`. */
export interface LoadBalancer {
  readonly name: string;
  /** `providers` is never empty. */
  pick(providers: ProviderSet, invocation: Invocation): Provider;
  /** Called when an attempt on `provider` starts; `done` when it ends. */
  onStart?(provider: Provider, invocation: Invocation): void;
  onEnd?(provider: Provider, invocation: Invocation, outcome: CallOutcome): void;
}

/** Injected so balancers and health checks are tested deterministically (STYLE.md). */
export interface BalancerContext {
  now(): number;
  random(): number;
}

export type LoadBalancerFactory = (context: BalancerContext) => LoadBalancer;
