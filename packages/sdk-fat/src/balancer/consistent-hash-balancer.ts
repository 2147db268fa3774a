import type { Invocation } from '../invocation.js';
import type { Provider } from '../provider/provider.js';
import { providerParam } from '../provider/provider.js';
import type { ProviderSet } from '../provider/provider-set.js';
import {
  ConsistentHashRing,
  DEFAULT_HASH_NODES,
  hashKey,
  keyPoint,
  parseHashArguments,
} from './consistent-hash-ring.js';
import { integerParam } from './integer-param.js';
import type { LoadBalancer } from './load-balancer.js';

interface MethodRing {
  readonly ring: ConsistentHashRing;
  readonly argumentIndexes: readonly number[];
}

interface SetRings {
  /** Rings by `hash.nodes` (methods with the same count share one). */
  readonly byNodes: Map<number, ConsistentHashRing>;
  readonly byMethod: Map<string, MethodRing>;
}

/**
 * `consistenthash` / `consistenthashing` (governance.md §5, Java `ConsistentHashLoadBalance`): the
 * same arguments reach the same provider, and removing a provider moves only the keys it owned.
 * Like Java, `hash.nodes` and `hash.arguments` are read from the first provider (method level first).
 * The ring is built once per provider set and method; a pick is one md5 and a binary search. Weights
 * are ignored, as in Java. Needs no randomness and no clock.
 */
export class ConsistentHashBalancer implements LoadBalancer {
  readonly name = 'consistenthash';
  private readonly rings = new WeakMap<ProviderSet, SetRings>();

  pick(providers: ProviderSet, invocation: Invocation): Provider {
    if (providers.size === 1) return providers.providers[0]!;
    const { ring, argumentIndexes } = this.ringFor(providers, invocation.method);
    return providers.providers[ring.locate(keyPoint(hashKey(invocation.args, argumentIndexes)))]!;
  }

  private ringFor(providers: ProviderSet, method: string): MethodRing {
    let rings = this.rings.get(providers);
    if (!rings) {
      rings = { byNodes: new Map(), byMethod: new Map() };
      this.rings.set(providers, rings);
    }
    const cached = rings.byMethod.get(method);
    if (cached) return cached;
    const first = providers.providers[0]!;
    const nodes = integerParam(providerParam(first, 'hash.nodes', method), DEFAULT_HASH_NODES);
    let ring = rings.byNodes.get(nodes);
    if (!ring) {
      ring = ConsistentHashRing.build(
        providers.providers.map((p) => p.address),
        nodes,
      );
      rings.byNodes.set(nodes, ring);
    }
    const entry = {
      ring,
      argumentIndexes: parseHashArguments(providerParam(first, 'hash.arguments', method)),
    };
    rings.byMethod.set(method, entry);
    return entry;
  }
}
