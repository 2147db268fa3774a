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
  /** Tells the balancer an attempt began (least-active counts it); call the result when it ends. */
  begin(provider: Provider): (ok: boolean) => void;
}

/**
 * The Fat engine's decision for a call the sidecar forwards (ARCHITECTURE.md: the same rules route
 * a call the same way in-process and in the sidecar): directory, router chain, load balancer. The
 * invocation has no arguments, since the sidecar never decodes bodies, so argument conditions of
 * condition rules do not match here (governance.md; said in the README).
 */
export class SidecarRouter {
  private readonly balancers = new Map<string, LoadBalancer>();
  private readonly consumers = new Map<string, ConsumerInfo>();

  constructor(private readonly options: SidecarRouterOptions) {}

  /** Routes `call`; waits for the registry's first list of a service (UNAVAILABLE after its timeout). */
  async route(call: InboundCall): Promise<RoutedCall> {
    const invocation: Invocation = {
      service: call.key,
      method: call.method,
      args: undefined,
      attachments: call.attachments,
      consumer: this.consumerFor(call.application),
    };
    const all = await this.options.source.providers(call.key);
    const providers = this.options.routers().route(all, invocation);
    const configured = all.providers[0] && providerParam(all.providers[0], 'loadbalance', call.method);
    // An unknown balancer name in a provider URL must not fail calls: Java falls back to the default too.
    const name = configured && loadBalancers.has(configured) ? configured : this.options.defaultLoadBalance;
    const balancer = this.balancerFor(name, call.key, call.method);
    return {
      invocation,
      listed: all.size,
      providers,
      pick: (excluded) => {
        if (providers.size === 0) return undefined;
        if (excluded.size === 0) return balancer.pick(providers, invocation);
        const untried = providers.derive(
          `untried:${[...excluded]
            .map((p) => p.address)
            .sort()
            .join(',')}`,
          (p) => !excluded.has(p),
        );
        return untried.size > 0 ? balancer.pick(untried, invocation) : undefined;
      },
      begin: (provider) => {
        const started = this.options.now();
        balancer.onStart?.(provider, invocation);
        return (ok) =>
          balancer.onEnd?.(provider, invocation, { ok, elapsedMs: this.options.now() - started });
      },
    };
  }

  /** The providers the registry lists for a service now, waiting for its first list. */
  async listed(key: ServiceKey): Promise<number> {
    return (await this.options.source.providers(key)).size;
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
