import type { Invocation } from '../invocation.js';
import type { ProviderSet } from '../provider/provider-set.js';
import type { Router, RouteStep } from './router.js';

/**
 * The routers of one client in Java's order (governance.md §3.2: mesh, tag, service condition,
 * provider-app condition, consumer-app condition), each narrowing the previous output. An empty
 * result stops the chain: nothing after it can add providers back.
 */
export class RouterChain {
  readonly routers: readonly Router[];

  constructor(routers: readonly Router[]) {
    this.routers = [...routers].sort((a, b) => a.priority - b.priority);
  }

  route(providers: ProviderSet, invocation: Invocation, explain?: RouteStep[]): ProviderSet {
    let current = providers;
    for (const router of this.routers) {
      if (current.size === 0) break;
      current = router.route(current, invocation, explain);
    }
    return current;
  }
}
