import type { Invocation } from '../../invocation.js';
import type { Provider } from '../../provider/provider.js';
import { ProviderSet } from '../../provider/provider-set.js';
import type { Router, RouteStep } from '../router.js';

/** Options of the lane router (traffic-label.md). */
export interface LaneRouterOptions {
  /** The header (attachment) carrying the lane, e.g. `x-asm-prefer-tag`. */
  readonly header: string;
  /** The provider parameter naming a provider's lane, e.g. `ASM_TRAFFIC_TAG`. */
  readonly labelParam: string;
  /** `permissive`: a lane without providers of this service goes to the baseline; `strict`: fails. */
  readonly mode: 'permissive' | 'strict';
}

/** The lanes of one provider set: computed once per set, so a call costs one map lookup. */
interface LaneIndex {
  readonly baseline: ProviderSet;
  readonly lanes: ReadonlyMap<string, ProviderSet>;
}

function subset(providers: ProviderSet, kept: readonly Provider[]): ProviderSet {
  return kept.length === providers.size
    ? providers
    : kept.length === 0
      ? ProviderSet.EMPTY
      : new ProviderSet(kept);
}

/**
 * Routes a call to the providers of its lane (traffic-label.md): the lane is the request's `header`;
 * providers whose `labelParam` equals it serve it. A lane without providers goes to the baseline
 * (providers with no or an empty label) in permissive mode and to nothing in strict mode; a call
 * without a lane goes to the baseline. Priority -30: after the mesh and Istio routers.
 */
export function createLaneRouter(options: LaneRouterOptions): Router {
  const header = options.header.toLowerCase();
  const indexes = new WeakMap<ProviderSet, LaneIndex>();

  const indexOf = (providers: ProviderSet): LaneIndex => {
    let index = indexes.get(providers);
    if (!index) {
      const baseline: Provider[] = [];
      const lanes = new Map<string, Provider[]>();
      for (const provider of providers.providers) {
        const lane = provider.params[options.labelParam] ?? '';
        if (lane === '') baseline.push(provider);
        else {
          const members = lanes.get(lane);
          if (members) members.push(provider);
          else lanes.set(lane, [provider]);
        }
      }
      // Keyed by the lanes providers have, never by request values, so odd headers cannot grow it.
      const laneSets = new Map([...lanes].map(([lane, kept]) => [lane, subset(providers, kept)] as const));
      index = { baseline: subset(providers, baseline), lanes: laneSets };
      indexes.set(providers, index);
    }
    return index;
  };

  return {
    name: 'lane',
    priority: -30,
    route(providers: ProviderSet, invocation: Invocation, explain?: RouteStep[]): ProviderSet {
      const index = indexOf(providers);
      const lane = invocation.attachments[header] ?? '';
      const own = lane === '' ? undefined : index.lanes.get(lane);
      const routed = own ?? (lane !== '' && options.mode === 'strict' ? ProviderSet.EMPTY : index.baseline);
      explain?.push({
        router: 'lane',
        before: providers.size,
        after: routed.size,
        rule:
          lane === ''
            ? 'no lane: baseline'
            : own
              ? `lane ${lane}`
              : `lane ${lane} has no provider: ${options.mode === 'strict' ? 'none (strict)' : 'baseline (permissive)'}`,
      });
      return routed;
    },
  };
}
