import type { Invocation } from '../../invocation.js';
import { ProviderSet } from '../../provider/provider-set.js';
import { providerApplication } from '../mesh/provider-application.js';
import { pickWeighted } from '../mesh/weighted-pick.js';
import type { Router, RouteStep } from '../router.js';
import { type DestinationPolicy, localityPreferred, overridePolicy } from './destination-policy.js';
import { providerOfHost } from './istio-host.js';
import { matchesHttp } from './istio-match.js';
import type {
  IstioDestination,
  IstioHttpRoute,
  IstioRuleSet,
  IstioVirtualService,
} from './istio-rule-model.js';
import { LocalityFailover, type ProviderHealth } from './locality-failover.js';

/** Options of the Istio router: injected randomness, and the health outlier ejection reports. */
export interface IstioRouterOptions extends ProviderHealth {
  /** A number in [0, 1), like Math.random. */
  readonly random: () => number;
}

/** One weighted destination of an HTTP route, with what it needs resolved once per rule set. */
interface Target {
  readonly key: string;
  readonly destination: IstioDestination;
  readonly labels: Readonly<Record<string, string>>;
  readonly policy: DestinationPolicy | undefined;
}

interface RouteTargets {
  readonly targets: readonly Target[];
  readonly weights: readonly number[];
  /** Fallback order: by weight, highest first; weight 0 never. */
  readonly byWeight: readonly number[];
}

/** What applies to calls of one service over one provider set, found once and cached. */
interface Applicable {
  readonly virtualService: IstioVirtualService | undefined;
  readonly policy: DestinationPolicy | undefined;
}

let routerCount = 0;

/**
 * The Istio router (governance.md §8, §11.8), priority -40. The first VirtualService for the called
 * service or a provider application picks its first HTTP route whose matches hold (any of them;
 * no route matches: input unchanged, where Istio would answer 404), then a destination by exactly
 * proportional weight. A destination with no provider falls back to the route's other destinations
 * by weight, then to nothing: Istio would fail the call too (503). With locality load balancing on
 * for the destination (`localityLbSetting`, or `outlierDetection`), the caller's locality is
 * preferred with failover (LocalityFailover); a DestinationRule without a VirtualService still does that.
 */
export function createIstioRouter(rules: IstioRuleSet, options: IstioRouterOptions): Router {
  const id = `istio#${++routerCount}`;
  const locality = new LocalityFailover(`${id}:locality`, options);
  const routeTargets = new Map<IstioHttpRoute, RouteTargets>();
  rules.virtualServices.forEach((service, v) => {
    service.http.forEach((http, h) => {
      const targets = http.route.map((destination, d): Target => {
        const rule = rules.destinationRules.get(destination.hostName);
        const subset = destination.subset === undefined ? undefined : rule?.subsets.get(destination.subset);
        return {
          key: `${id}:${v}:${h}:${d}`,
          destination,
          labels: subset?.labels ?? {},
          policy: overridePolicy(rule?.policy, subset?.policy),
        };
      });
      const weights = targets.map((t) => t.destination.weight);
      const byWeight = weights
        .map((_, i) => i)
        .filter((i) => weights[i]! > 0)
        .sort((a, b) => weights[b]! - weights[a]!);
      routeTargets.set(http, { targets, weights, byWeight });
    });
  });
  const applicable = new WeakMap<ProviderSet, Map<string, Applicable>>();

  const applicableTo = (providers: ProviderSet, serviceName: string): Applicable => {
    let perService = applicable.get(providers);
    if (!perService) {
      perService = new Map();
      applicable.set(providers, perService);
    }
    let found = perService.get(serviceName);
    if (!found) {
      const names = [
        serviceName,
        ...new Set(providers.providers.map(providerApplication).filter((a) => a !== undefined)),
      ];
      const virtualService = rules.virtualServices.find(
        (vs) => vs.appliesToMesh && (vs.hostNames.has('*') || names.some((n) => vs.hostNames.has(n))),
      );
      const rule = names.map((n) => rules.destinationRules.get(n)).find((r) => r !== undefined);
      found = { virtualService, policy: rule?.policy };
      perService.set(serviceName, found);
    }
    return found;
  };

  const candidates = (providers: ProviderSet, target: Target): ProviderSet =>
    providers.derive(target.key, (provider) => {
      const { hostName, port } = target.destination;
      if (!providerOfHost(provider, hostName) || (port !== undefined && provider.port !== port)) return false;
      for (const key in target.labels) if (provider.params[key] !== target.labels[key]) return false;
      return true;
    });

  const hasPort = (providers: ProviderSet) => (port: number) =>
    providers.derive(`${id}:port ${port}`, (p) => p.port === port).size > 0;

  const preferLocality = (
    chosen: ProviderSet,
    invocation: Invocation,
    policy: DestinationPolicy | undefined,
    steps: string[] | undefined,
  ): ProviderSet => {
    if (!localityPreferred(policy) || chosen.size === 0) return chosen;
    const choice = locality.select(chosen, invocation.consumer, policy?.locality);
    steps?.push(`locality: ${choice.locality}`);
    return choice.providers;
  };

  const routeHttp = (
    providers: ProviderSet,
    invocation: Invocation,
    http: IstioHttpRoute,
    steps: string[] | undefined,
  ): ProviderSet => {
    const { targets, weights, byWeight } = routeTargets.get(http)!;
    const picked = pickWeighted(weights, options.random);
    const order = picked < 0 ? byWeight : [picked, ...byWeight.filter((i) => i !== picked)];
    for (const index of order) {
      const target = targets[index]!;
      const chosen = candidates(providers, target);
      if (chosen.size === 0) continue;
      const { host, subset } = target.destination;
      steps?.push(
        `${index === picked ? '' : 'fallback '}destination ${host}${subset === undefined ? '' : ` subset ${subset}`}`,
      );
      return preferLocality(chosen, invocation, target.policy, steps);
    }
    steps?.push('no destination has a provider: none');
    return ProviderSet.EMPTY;
  };

  return {
    name: 'istio',
    priority: -40,
    route(providers: ProviderSet, invocation: Invocation, explain?: RouteStep[]): ProviderSet {
      const { virtualService, policy } = applicableTo(providers, invocation.service.serviceName);
      // Words for `dubbo-mesh route` only when asked: a call builds no strings.
      const steps: string[] | undefined = explain ? [] : undefined;
      let routed = providers;
      if (virtualService) {
        const ports = hasPort(providers);
        const index = virtualService.http.findIndex(
          (h) => h.match.length === 0 || h.match.some((m) => matchesHttp(m, invocation, ports)),
        );
        const http = virtualService.http[index];
        steps?.push(`VirtualService ${virtualService.name}`);
        if (http) {
          steps?.push(`http[${index}]${http.name === undefined ? '' : ` ${http.name}`}`);
          routed = routeHttp(providers, invocation, http, steps);
        } else {
          steps?.push('no http route matches: unchanged');
        }
      } else {
        routed = preferLocality(providers, invocation, policy, steps);
      }
      explain?.push({
        router: 'istio',
        before: providers.size,
        after: routed.size,
        rule: steps?.join(', ') || 'no Istio rule applies: unchanged',
      });
      return routed;
    },
  };
}
