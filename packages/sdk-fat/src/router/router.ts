import type { Invocation } from '../invocation.js';
import type { ProviderSet } from '../provider/provider-set.js';

/** One line of `dubbo-mesh route`'s explanation: what a router did (cli.md "route"). */
export interface RouteStep {
  readonly router: string;
  readonly before: number;
  readonly after: number;
  /** The rule (or part of it) that decided, in words. */
  readonly rule: string;
}

/**
 * Narrows the providers for one invocation. Routers are built from rules once per rule change and
 * must not do work proportional to the provider count per call: derive subsets through
 * `ProviderSet.derive`, which caches them per provider set.
 */
export interface Router {
  /** Short name for explanations and logs: `condition`, `tag`, `mesh`, `istio`, `traffic-label`. */
  readonly name: string;
  /** Java's chain order (governance.md §3.2): lower runs first. */
  readonly priority: number;
  route(providers: ProviderSet, invocation: Invocation, explain?: RouteStep[]): ProviderSet;
}
