import type { Invocation } from '../../invocation.js';
import { ProviderSet } from '../../provider/provider-set.js';
import type { Router, RouteStep } from '../router.js';
import { matchesRequest } from './mesh-match.js';
import type {
  DubboRouteDestination,
  DubboRouteDetail,
  MeshAppRules,
  MeshRuleSet,
} from './mesh-rule-model.js';
import { providerApplication } from './provider-application.js';
import { matchString } from './string-match.js';
import { pickWeighted } from './weighted-pick.js';

/** Options of the mesh router: randomness is injected so weighted routes are tested deterministically. */
export interface MeshRouterOptions {
  /** A number in [0, 1), like Math.random. */
  readonly random: () => number;
}

let routerCount = 0;

interface ChosenSubset {
  readonly application: string;
  readonly subset: string;
  readonly providers: ProviderSet;
}

/**
 * The Dubbo mesh rule router (governance.md §3.6, Java MeshRuleRouter), priority -50 (§3.2). For each
 * application with rules: the first VirtualService route whose `services` match, its first route
 * detail whose matches all hold, then a destination by exactly proportional weighted random
 * (§11.2; weight < 1 counts 1 as in Java), usable when its subset keeps a provider of the input,
 * else its `fallback` chain, else the next destinations in order. The chosen subsets are united;
 * nothing chosen leaves the input unchanged (or empty under `throwExceptionIfNotMatched`).
 * Subsets are derived once per provider set and cached; a call only evaluates matches.
 */
export function createMeshRouter(rules: MeshRuleSet, options: MeshRouterOptions): Router {
  const id = `mesh#${++routerCount}`;
  // Java counts a weight below 1 as 1 (MeshRuleRouter.randomSelectDestination).
  const weights = new Map<DubboRouteDetail, readonly number[]>();
  for (const app of rules.applications) {
    for (const service of app.virtualServices) {
      for (const route of service.dubbo) {
        for (const detail of route.routedetail)
          weights.set(
            detail,
            detail.route.map((entry) => Math.max(entry.weight, 1)),
          );
      }
    }
  }

  const subsetProviders = (providers: ProviderSet, app: MeshAppRules, name: string): ProviderSet => {
    const labels = app.subsets.get(name)?.labels;
    if (labels === undefined) return ProviderSet.EMPTY;
    return providers.derive(`${id}:${app.application}\u0000${name}`, (provider) => {
      if (providerApplication(provider) !== app.application) return false;
      for (const key in labels) if (provider.params[key] !== labels[key]) return false;
      return true;
    });
  };

  /** The first subset of the destination's fallback chain that keeps a provider (computeDestination). */
  const usableSubset = (
    providers: ProviderSet,
    app: MeshAppRules,
    entry: DubboRouteDestination,
  ): ChosenSubset | undefined => {
    for (
      let current: DubboRouteDestination | undefined = entry;
      current;
      current = current.destination.fallback
    ) {
      const subset = current.destination.subset;
      const kept = subsetProviders(providers, app, subset);
      if (kept.size > 0) return { application: app.application, subset, providers: kept };
    }
    return undefined;
  };

  const selectDestination = (
    providers: ProviderSet,
    app: MeshAppRules,
    detail: DubboRouteDetail,
  ): ChosenSubset | undefined => {
    const route = detail.route;
    const first = Math.max(0, pickWeighted(weights.get(detail)!, options.random));
    // Java tries the picked entry and those after it, then all from the start (randomSelectDestination).
    for (let step = 0; step < route.length; step++) {
      const chosen = usableSubset(providers, app, route[(first + step) % route.length]!);
      if (chosen) return chosen;
    }
    return undefined;
  };

  return {
    name: 'mesh',
    priority: -50,
    route(providers: ProviderSet, invocation: Invocation, explain?: RouteStep[]): ProviderSet {
      const chosen: ChosenSubset[] = [];
      let failIfNone = false;
      for (const app of rules.applications) {
        const detail = findRouteDetail(app, invocation);
        if (!detail) continue;
        failIfNone = detail.throwExceptionIfNotMatched;
        const destination = selectDestination(providers, app, detail);
        if (destination) chosen.push(destination);
      }
      const result = unite(providers, chosen, id);
      const routed = result ?? (failIfNone ? ProviderSet.EMPTY : providers);
      explain?.push({
        router: 'mesh',
        before: providers.size,
        after: routed.size,
        rule:
          chosen.length > 0
            ? chosen.map((c) => `application ${c.application} → subset ${c.subset}`).join(', ')
            : failIfNone
              ? 'no subset has a provider and throwExceptionIfNotMatched is set: none'
              : 'no mesh route applies: unchanged',
      });
      return routed;
    },
  };
}

/** The route detail for an invocation: first matching route of the first VirtualService that has one. */
function findRouteDetail(app: MeshAppRules, invocation: Invocation): DubboRouteDetail | undefined {
  const serviceName = invocation.service.serviceName;
  for (const service of app.virtualServices) {
    const route = service.dubbo.find(
      (r) => r.services.length === 0 || r.services.some((m) => matchString(m, serviceName)),
    );
    // Java stops at the first VirtualService with a route for the service, matched detail or not.
    if (route)
      return route.routedetail.find(
        (d) => d.match.length === 0 || d.match.every((m) => matchesRequest(m, invocation)),
      );
  }
  return undefined;
}

/** Union of the chosen subsets (each already within the input); undefined when none was chosen. */
function unite(providers: ProviderSet, chosen: readonly ChosenSubset[], id: string): ProviderSet | undefined {
  if (chosen.length === 0) return undefined;
  if (chosen.length === 1) return chosen[0]!.providers;
  const key = chosen
    .map((c) => `${c.application}\u0000${c.subset}`)
    .sort()
    .join('\u0001');
  const sets = chosen.map((c) => c.providers);
  return providers.derive(`${id}:∪${key}`, (provider) => sets.some((set) => set.has(provider)));
}
