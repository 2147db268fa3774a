import {
  Code,
  RpcError,
  type ServiceKey,
  type StreamRequest,
  type StreamResponse,
  type Transport,
  type UnaryRequest,
  type UnaryResponse,
} from '@dubbo-mesh/sdk-core';
import type { LoadBalancer } from '../balancer/load-balancer.js';
import { isBusinessException } from '../cluster/business-exception.js';
import type { ClusterContext, ClusterStrategy } from '../cluster/cluster-strategy.js';
import type { ConsumerInfo, Invocation } from '../invocation.js';
import type { Provider } from '../provider/provider.js';
import { providerParam } from '../provider/provider.js';
import type { ProviderSet } from '../provider/provider-set.js';
import type { RouteStep } from '../router/router.js';
import type { RouterChain } from '../router/router-chain.js';
import type { EndpointPool } from './endpoint-pool.js';
import type { ProviderSource } from './provider-source.js';
import {
  providerToken,
  streamWithoutProviderToken,
  withoutProviderToken,
  withProviderToken,
} from './provider-token.js';

export interface FatTransportOptions {
  consumer: ConsumerInfo;
  providers: ProviderSource;
  endpoints: EndpointPool;
  /** The current router chain; read per call, so a rule change swaps it atomically. */
  routers: () => RouterChain;
  /** A balancer by name (`loadbalance` param), one instance per service method. */
  loadBalancer: (name: string) => LoadBalancer;
  /** A cluster strategy by name (`cluster` param). */
  cluster: (name: string) => ClusterStrategy;
  /** Removes ejected providers (outlier detection); the result is never empty for a non-empty input. */
  healthy?: (service: ServiceKey, providers: ProviderSet) => ProviderSet;
  /** Told how each attempt went (outlier detection, metrics); `error` is undefined on success. */
  onAttempt?: (service: ServiceKey, provider: Provider, error: unknown, elapsedMs: number) => void;
  /** Per-attempt timeout when neither the call nor the provider sets one (Java's default is 1000 ms). */
  defaultTimeoutMs: number;
  defaultLoadBalance: string;
  defaultCluster: string;
  now: () => number;
}

/**
 * The Fat path of a call (ARCHITECTURE.md step 3): directory → router chain → cluster strategy
 * with the load balancer → the HTTP/2 transport of the chosen provider. The typed client above it
 * cannot tell it from any other Transport.
 */
export class FatTransport implements Transport {
  private readonly balancers = new Map<string, LoadBalancer>();

  constructor(private readonly options: FatTransportOptions) {}

  async unary(request: UnaryRequest): Promise<UnaryResponse> {
    const invocation = this.invocationOf(request);
    const all = await this.options.providers.providers(invocation.service);
    const first = all.providers[0];
    const clusterName = this.param(first, 'cluster', invocation) ?? this.options.defaultCluster;
    const cluster = this.options.cluster(clusterName);
    const context = this.clusterContext(request, invocation);
    const result = await cluster.invoke(context);
    return result ?? { stream: false, message: undefined, header: {}, trailer: {} };
  }

  /**
   * Streams are routed and balanced like unary calls but never retried by the cluster: their
   * messages cannot be replayed (refused streams are still re-sent by the channel).
   */
  async stream(request: StreamRequest): Promise<StreamResponse> {
    const invocation = this.invocationOf(request);
    const routed = this.route(await this.options.providers.providers(invocation.service), invocation);
    const provider = this.select(routed, new Set(), invocation);
    if (!provider) throw noProvider(invocation);
    const attachments = withProviderToken(request.attachments, provider);
    const token = providerToken(provider);
    try {
      const response = await this.options.endpoints
        .transportFor(provider)
        .stream({ ...request, attachments });
      return streamWithoutProviderToken(response, token);
    } catch (err) {
      throw withoutProviderToken(err, token);
    }
  }

  close(): Promise<void> {
    return this.options.endpoints.close();
  }

  /** Which providers the rules keep for an invocation, and why (`dubbo-mesh route`). */
  explain(invocation: Invocation, providers: ProviderSet): { kept: ProviderSet; steps: RouteStep[] } {
    const steps: RouteStep[] = [];
    const kept = this.options.routers().route(providers, invocation, steps);
    return { kept, steps };
  }

  /** What routing decides on: the service, the method, arguments (in-process only) and attachments. */
  invocationOf(request: UnaryRequest | StreamRequest): Invocation {
    const { target } = request;
    return {
      service: target.service,
      method: target.method.name,
      args: request.stream
        ? undefined
        : target.method.positional
          ? (request.message as unknown[])
          : [request.message],
      attachments: routingAttachments(request.attachments),
      consumer: this.options.consumer,
    };
  }

  private route(providers: ProviderSet, invocation: Invocation): ProviderSet {
    const routed = this.options.routers().route(providers, invocation);
    return this.options.healthy ? this.options.healthy(invocation.service, routed) : routed;
  }

  private clusterContext(request: UnaryRequest, invocation: Invocation): ClusterContext<UnaryResponse> {
    const source = this.options.providers;
    let routedOnce: ProviderSet | undefined;
    return {
      invocation,
      providers: () => {
        const current = source.peek(invocation.service);
        routedOnce = current ? this.route(current, invocation) : routedOnce;
        return routedOnce!;
      },
      select: (providers, excluded) => this.select(providers, excluded, invocation),
      attempt: (provider) => this.attempt(provider, request, invocation),
      param: (key) => this.param(routedOnce?.providers[0], key, invocation),
      now: this.options.now,
      schedule: (delayMs, task) => {
        const timer = setTimeout(task, delayMs);
        timer.unref();
        return () => clearTimeout(timer);
      },
    };
  }

  private select(
    providers: ProviderSet,
    excluded: ReadonlySet<Provider>,
    invocation: Invocation,
  ): Provider | undefined {
    if (providers.size === 0) return undefined;
    const name =
      this.param(providers.providers[0], 'loadbalance', invocation) ?? this.options.defaultLoadBalance;
    const balancer = this.balancerFor(name, invocation);
    if (excluded.size === 0) return balancer.pick(providers, invocation);
    // Retries prefer providers not tried yet; when all were tried, any will do (Java's reselect).
    const key = `untried:${[...excluded]
      .map((p) => p.address)
      .sort()
      .join(',')}`;
    const untried = providers.derive(key, (p) => !excluded.has(p));
    return balancer.pick(untried.size > 0 ? untried : providers, invocation);
  }

  private async attempt(
    provider: Provider,
    request: UnaryRequest,
    invocation: Invocation,
  ): Promise<UnaryResponse> {
    const name = this.param(provider, 'loadbalance', invocation) ?? this.options.defaultLoadBalance;
    const balancer = this.balancerFor(name, invocation);
    const started = this.options.now();
    balancer.onStart?.(provider, invocation);
    // Dubbo's precedence (governance.md §7): the call's own deadline, then a `timeout` attachment,
    // then `<method>.timeout` / `timeout` of the merged URL, then the default; per attempt.
    const timeoutMs =
      request.timeoutMs ??
      numberParam(invocation.attachments.timeout) ??
      numberParam(this.param(provider, 'timeout', invocation)) ??
      this.options.defaultTimeoutMs;
    try {
      // A provider's `token` goes with each attempt on it only (a failover retry gets its own).
      const attachments = withProviderToken(request.attachments, provider);
      const response = await this.options.endpoints
        .transportFor(provider)
        .unary({ ...request, timeoutMs, attachments });
      const elapsedMs = this.options.now() - started;
      balancer.onEnd?.(provider, invocation, { ok: true, elapsedMs });
      this.options.onAttempt?.(invocation.service, provider, undefined, elapsedMs);
      return response;
    } catch (err) {
      const elapsedMs = this.options.now() - started;
      // Before anything sees it (the attempt log among them): the provider may quote its token.
      const failure = withoutProviderToken(err, providerToken(provider));
      // A business exception is the provider working as designed (Java counts it as a success).
      balancer.onEnd?.(provider, invocation, { ok: isBusinessException(failure), elapsedMs });
      this.options.onAttempt?.(invocation.service, provider, failure, elapsedMs);
      throw failure;
    }
  }

  /** Parameters: the provider's merged URL (method level first), then the consumer's. */
  private param(provider: Provider | undefined, key: string, invocation: Invocation): string | undefined {
    return (provider && providerParam(provider, key, invocation.method)) ?? invocation.consumer.params[key];
  }

  private balancerFor(name: string, invocation: Invocation): LoadBalancer {
    // One balancer per service method: round-robin and least-active keep state at that level (governance.md §5).
    const key = `${name}|${invocation.service.serviceName}|${invocation.service.version ?? ''}|${invocation.service.group ?? ''}|${invocation.method}`;
    let balancer = this.balancers.get(key);
    if (!balancer) {
      balancer = this.options.loadBalancer(name);
      this.balancers.set(key, balancer);
    }
    return balancer;
  }
}

/** Attachments as routing sees them: lower-case keys, string values (binary values are not routed on). */
function routingAttachments(attachments: UnaryRequest['attachments']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in attachments) {
    const value = attachments[key];
    if (typeof value === 'string') out[key.toLowerCase()] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[key.toLowerCase()] = String(value);
  }
  return out;
}

function numberParam(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

export function noProvider(invocation: Invocation): RpcError {
  return new RpcError(
    Code.Unavailable,
    `no provider of ${invocation.service.serviceName} available after routing (code 6 NO_INVOKER_AVAILABLE_AFTER_FILTER)`,
  );
}

export type { ServiceKey };
