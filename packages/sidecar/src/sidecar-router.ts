import { formatServiceKey, type ServiceKey } from '@dubbo-mesh/sdk-core';
import {
  type ConsumerInfo,
  type Invocation,
  type LoadBalancer,
  loadBalancers,
  type Provider,
  type ProviderSet,
  type ProviderSource,
  providerParam,
  type RouterChain,
} from '@dubbo-mesh/sdk-fat';
import type { InboundCall } from './inbound-call.js';

/** Route targets kept before the cache starts over: paths come from callers, the map must stay bounded. */
const MAX_TARGETS = 10_000;

export interface SidecarRouterOptions {
  /** The providers of each service, kept warm (sdk-fat's ProviderSource on the registry). */
  source: ProviderSource;
  /** The router chain in force; read per call so a rule change swaps it atomically. */
  routers: () => RouterChain;
  /** The consumer as rules see it when the call names no application; `host` is this machine. */
  consumer: ConsumerInfo;
  /** `loadbalance` when no provider sets one (governance.md §0 step 4). */
  defaultLoadBalance: string;
  now: () => number;
  random: () => number;
}

/** One call after routing: the providers the rules kept, and the balancer that picks among them. */
export interface RoutedCall {
  readonly invocation: Invocation;
  /** How many providers the registry lists for the service, before routing. */
  readonly listed: number;
  readonly providers: ProviderSet;
  /** The balancer's pick, preferring providers not in `excluded`; undefined when none is left. */
  pick(excluded: ReadonlySet<Provider>): Provider | undefined;
  /** Tells the balancer an attempt began (least-active counts it); returns the start time for `end`. */
  begin(provider: Provider): number;
  /** Tells the balancer the attempt begun at `startedAt` ended. */
  end(provider: Provider, startedAt: number, ok: boolean): void;
}

/**
 * What every call of one service method from one application shares, kept so a routed call costs
 * a map lookup (issue 5, sidecar CPU per call): the consumer rules see, and the balancer, which
 * depends only on the provider list (its `loadbalance` parameter), so it is looked up again only
 * when the list object changes.
 */
interface RouteTarget {
  readonly consumer: ConsumerInfo;
  all: ProviderSet | undefined;
  balancer: LoadBalancer | undefined;
}

/** A routed call; a class, not an object of closures: one allocation per call (issue 5). */
class Routed implements RoutedCall {
  constructor(
    readonly invocation: Invocation,
    readonly listed: number,
    readonly providers: ProviderSet,
    private readonly balancer: LoadBalancer,
    private readonly now: () => number,
  ) {}

  pick(excluded: ReadonlySet<Provider>): Provider | undefined {
    const providers = this.providers;
    if (providers.size === 0) return undefined;
    if (excluded.size === 0) return this.balancer.pick(providers, this.invocation);
    const untried = providers.derive(
      `untried:${[...excluded]
        .map((p) => p.address)
        .sort()
        .join(',')}`,
      (p) => !excluded.has(p),
    );
    return untried.size > 0 ? this.balancer.pick(untried, this.invocation) : undefined;
  }

  begin(provider: Provider): number {
    this.balancer.onStart?.(provider, this.invocation);
    return this.now();
  }

  end(provider: Provider, startedAt: number, ok: boolean): void {
    this.balancer.onEnd?.(provider, this.invocation, { ok, elapsedMs: this.now() - startedAt });
  }
}

/**
 * The Fat engine's decision for a call the sidecar forwards (ARCHITECTURE.md: the same rules route
 * a call the same way in-process and in the sidecar): directory, router chain, load balancer. The
 * invocation has no arguments, since the sidecar never decodes bodies, so argument conditions of
 * condition rules do not match here (governance.md; said in the README).
 *
 * The router chain runs for every call: rules may split traffic by weight or match attachments, so
 * its result is not cached here (routers cache their subsets per provider set themselves).
 */
export class SidecarRouter {
  private readonly balancers = new Map<string, LoadBalancer>();
  private readonly consumers = new Map<string, ConsumerInfo>();
  private readonly targets = new Map<string, RouteTarget>();

  constructor(private readonly options: SidecarRouterOptions) {}

  /**
   * Routes `call`: at once when the registry already listed the service (the common case: no
   * promise, no microtask), else after its first list (UNAVAILABLE after its timeout).
   */
  route(call: InboundCall): RoutedCall | Promise<RoutedCall> {
    const source = this.options.source;
    const all = source.peek(call.key);
    if (all !== undefined) return this.decide(call, all);
    return Promise.resolve(source.providers(call.key)).then((listed) => this.decide(call, listed));
  }

  /** The providers the registry lists for a service now, waiting for its first list. */
  async listed(key: ServiceKey): Promise<number> {
    return (await this.options.source.providers(key)).size;
  }

  private decide(call: InboundCall, all: ProviderSet): RoutedCall {
    const target = this.targetFor(call);
    const invocation: Invocation = {
      service: call.key,
      method: call.method,
      args: undefined,
      attachments: call.attachments,
      consumer: target.consumer,
    };
    const providers = this.options.routers().route(all, invocation);
    if (target.all !== all || target.balancer === undefined) {
      target.balancer = this.balancerOf(all, call);
      target.all = all;
    }
    return new Routed(invocation, all.size, providers, target.balancer, this.options.now);
  }

  private targetFor(call: InboundCall): RouteTarget {
    const key = call.key;
    const id = `${call.path}|${key.version ?? ''}|${key.group ?? ''}|${call.application ?? ''}`;
    let target = this.targets.get(id);
    if (!target) {
      if (this.targets.size >= MAX_TARGETS) this.targets.clear();
      target = { consumer: this.consumerFor(call.application), all: undefined, balancer: undefined };
      this.targets.set(id, target);
    }
    return target;
  }

  private balancerOf(all: ProviderSet, call: InboundCall): LoadBalancer {
    const configured = all.providers[0] && providerParam(all.providers[0], 'loadbalance', call.method);
    // An unknown balancer name in a provider URL must not fail calls: Java falls back to the default too.
    const name = configured && loadBalancers.has(configured) ? configured : this.options.defaultLoadBalance;
    return this.balancerFor(name, call.key, call.method);
  }

  /** Rules match the calling application (`tri-consumer-appname`), else the sidecar's own. */
  private consumerFor(application: string | undefined): ConsumerInfo {
    const base = this.options.consumer;
    if (application === undefined || application === base.application) return base;
    let consumer = this.consumers.get(application);
    if (!consumer) {
      consumer = { application, host: base.host, params: { ...base.params, application } };
      this.consumers.set(application, consumer);
    }
    return consumer;
  }

  private balancerFor(name: string, key: ServiceKey, method: string): LoadBalancer {
    // One balancer per service method: round-robin and least-active keep state at that level (governance.md §5).
    const id = `${name}|${formatServiceKey(key)}|${method}`;
    let balancer = this.balancers.get(id);
    if (!balancer) {
      balancer = loadBalancers.get(name)({ now: this.options.now, random: this.options.random });
      this.balancers.set(id, balancer);
    }
    return balancer;
  }
}
