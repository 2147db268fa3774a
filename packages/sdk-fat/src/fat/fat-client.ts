import {
  type Client,
  type ClientOptions,
  createClient,
  formatServiceKey,
  type Logger,
  namespaceLogger,
  type ServiceDescriptor,
  type ServiceKey,
  type TlsOptions,
} from '@dubbo-mesh/sdk-core';
import { DEFAULT_LOAD_BALANCE, loadBalancers } from '../balancer/load-balancers.js';
import { clusterStrategies, DEFAULT_CLUSTER } from '../cluster/cluster-strategies.js';
import type { ListedProvider } from '../directory/directory.js';
import type { ConsumerInfo, Invocation } from '../invocation.js';
import { OutlierDetector, type OutlierOptions } from '../outlier/outlier-detector.js';
import { outlierOutcome } from '../outlier/outlier-outcome.js';
import type { ProviderSet } from '../provider/provider-set.js';
import { localIpv4 } from '../registry/consumer-url.js';
import type { ConfigCenter, Registry, RegistryOptions } from '../registry/registry.js';
import { createRegistry } from '../registry/registry-factories.js';
import type { RouteStep } from '../router/router.js';
import type { LaneRouterOptions } from '../router/traffic-label/lane-router.js';
import { trafficLabelInterceptor } from '../router/traffic-label/traffic-label-interceptor.js';
import type { RuleDocument } from '../rules/rule-document.js';
import { watchRuleFiles } from '../rules/rule-file-watch.js';
import { readRuleFiles } from '../rules/rule-files.js';
import { buildRuleSet, type RuleSet } from '../rules/rule-set.js';
import { ConfigCenterRules } from './config-center-rules.js';
import { EndpointPool } from './endpoint-pool.js';
import { FatTransport } from './fat-transport.js';
import { ProviderSource } from './provider-source.js';

export interface FatClientOptions {
  /** This consumer's application name (`tri-consumer-appname`, rule keys, consumer registration). */
  application: string;
  /** `zookeeper://host:port[,host:port]`, `file:/path/providers.yaml`, or a registry instance. */
  registry: string | (Registry & Partial<ConfigCenter>);
  /** Rule files (`--rules <file|dir>`) or parsed documents; combined with config-center rules. */
  rules?: string | readonly RuleDocument[];
  /** Watch rules in the registry's config center (`/dubbo/config/dubbo/<key>`). Default true. */
  configCenter?: boolean;
  /** The consumer as rules see it: its host (default: this machine's IPv4) and labels (`region=hz`). */
  consumer?: { host?: string; params?: Readonly<Record<string, string>> };
  /** Reference settings merged over provider parameters: `timeout`, `retries`, `loadbalance`, `cluster`... */
  reference?: Readonly<Record<string, string>>;
  /** TLS (and mTLS) to providers. */
  tls?: TlsOptions;
  /** Outlier ejection (Istio semantics); on by default, `false` turns it off. */
  outlierDetection?: OutlierOptions | false;
  /** Lanes routed on a header (TrafficLabel). */
  lanes?: LaneRouterOptions;
  /**
   * Label headers computed by the TrafficLabel rules and added to every call (traffic-label.md), from
   * the inbound request captured by the `@dubbo-mesh/sdk-core/context` middleware. On by default (it
   * does nothing without TrafficLabel rules); `workloadLabels` are this workload's labels for
   * `$getLabel` (default: environment variables); `false` turns it off.
   */
  trafficLabels?: false | { workloadLabels?: Readonly<Record<string, string>> };
  /** Disk cache of provider lists, for restarts while the registry is down. */
  cacheDir?: string;
  /** More registry settings (`registerConsumer: false`, `connectTimeoutMs`, `onError`...). */
  registryOptions?: Partial<Omit<RegistryOptions, 'application' | 'cacheDir'>>;
  /** Largest response message accepted from providers. Default 4 MiB. */
  maxReceiveMessageBytes?: number;
  /** How long a first call waits for a service's first provider list. Default 3 s. */
  firstListTimeoutMs?: number;
  /** Per-attempt timeout when neither the call nor the provider sets one. Default 1000 ms (Java's). */
  defaultTimeoutMs?: number;
  /** Subscribe these services at once, so their first call does not wait (a warm Fat engine). */
  warm?: readonly ServiceKey[];
  /** A rule that failed validation; the previous rules stay in force. */
  onRuleError?: (error: Error) => void;
  /**
   * Where provider connections (connect, GOAWAY, reconnect), provider list changes and rule reloads
   * are logged: pino or any `(fields, message)` logger. `DUBBO_MESH_DEBUG=channel,registry,router`
   * prints them too. Without it a rejected rule is a process warning.
   */
  logger?: Logger;
  /** Random source of balancers, weighted rules and backoff; injected in tests. Default Math.random. */
  random?: () => number;
  /** Clock of outlier ejection, warm-up weights and caches; injected in tests. Default Date.now. */
  now?: () => number;
}

/** The Fat client: typed clients whose calls route, balance and fail over in-process. */
export interface FatClient {
  readonly transport: FatTransport;
  /** A typed client for `descriptor`, as `createClient` makes, carried by this Fat engine. */
  client<S extends ServiceDescriptor>(descriptor: S, options?: Omit<ClientOptions, 'application'>): Client<S>;
  /** Every provider the registry holds for a service, merged, with why any is not called. */
  providers(key: ServiceKey): Promise<readonly ListedProvider[]>;
  /** Which providers the rules keep for an invocation, and what each router did. Nothing is called. */
  route(
    key: ServiceKey,
    method: string,
    call?: { attachments?: Readonly<Record<string, string>>; args?: readonly unknown[] },
  ): Promise<{ kept: ProviderSet; steps: RouteStep[] }>;
  /** Replaces the file rules; throws a RuleError (naming file, document, line, key) and keeps the old ones. */
  setRules(documents: readonly RuleDocument[]): void;
  readonly rules: RuleSet;
  /** Addresses outlier detection has ejected for a service, now. */
  ejected(key: ServiceKey): string[];
  close(): Promise<void>;
}

/**
 * Creates a Fat client (ARCHITECTURE.md "Fat"): discovery, routing rules, load balancing and fault
 * tolerance in the SDK, making the same decisions a Java Dubbo 3 consumer makes from the same
 * registry and rules.
 *
 * @example
 * const fat = createFatClient({ application: 'shop-web', registry: 'zookeeper://127.0.0.1:2181' });
 * const greeter = fat.client(Greeter);
 * await greeter.sayHello({ name: 'dubbo' });
 */
export function createFatClient(options: FatClientOptions): FatClient {
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const consumer: ConsumerInfo = {
    application: options.application,
    host: options.consumer?.host ?? localIpv4(),
    params: { application: options.application, ...options.consumer?.params },
  };
  const registry =
    typeof options.registry === 'string'
      ? createRegistry(options.registry, {
          logger: namespaceLogger('registry', options.logger),
          ...options.registryOptions,
          application: options.application,
          ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
        })
      : options.registry;
  const ownsRegistry = typeof options.registry === 'string';

  const detectors = new Map<string, OutlierDetector>();
  const detectorFor = (key: ServiceKey): OutlierDetector | undefined => {
    if (options.outlierDetection === false) return undefined;
    const id = formatServiceKey(key);
    let detector = detectors.get(id);
    if (!detector) {
      detector = new OutlierDetector({ ...options.outlierDetection, now });
      detectors.set(id, detector);
    }
    return detector;
  };

  const registryLog = namespaceLogger('registry', options.logger);
  const routerLog = namespaceLogger('router', options.logger);
  const reportRuleError = (error: Error): void => {
    routerLog.warn({ error: error.message }, 'rule rejected, previous rules stay in force');
    if (options.onRuleError) options.onRuleError(error);
    else if (!options.logger) warnRuleError(error);
  };
  const endpoints = new EndpointPool({
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.tls ? { tls: options.tls } : {}),
    ...(options.maxReceiveMessageBytes ? { maxReceiveMessageBytes: options.maxReceiveMessageBytes } : {}),
  });
  const source = new ProviderSource(registry, {
    consumer,
    ...(options.reference ? { referenceParams: options.reference } : {}),
    ...(options.firstListTimeoutMs ? { firstListTimeoutMs: options.firstListTimeoutMs } : {}),
    onChange: (key, set) => {
      registryLog.info(
        { service: formatServiceKey(key), providers: set.providers.length },
        'provider list changed',
      );
      detectorFor(key)?.updateHosts(set);
      endpoints.useProviders(key, set);
      configRules?.watchApplications(set);
    },
  });

  let healthVersion = 0;
  const ruleSetOptions = {
    random,
    ...(options.lanes ? { lanes: options.lanes } : {}),
    healthVersion: () => healthVersion,
  };
  let fileRules: readonly RuleDocument[] =
    typeof options.rules === 'string' ? readRuleFiles(options.rules) : (options.rules ?? []);
  let ruleSet = buildRuleSet(fileRules, ruleSetOptions);
  source.setConfigurators(ruleSet.configurators);

  /** File rules and config-center rules together; a bad combination keeps the previous set. */
  const rebuild = (documents: readonly RuleDocument[]): void => {
    const next = buildRuleSet(documents, ruleSetOptions);
    source.setConfigurators(next.configurators);
    ruleSet = next;
    routerLog.info({ documents: documents.length }, 'rules applied');
  };
  const configRules =
    options.configCenter !== false && typeof registry.watch === 'function'
      ? new ConfigCenterRules(
          registry as ConfigCenter,
          consumer.application,
          (documents) => {
            try {
              rebuild([...fileRules, ...documents]);
              return undefined;
            } catch (err) {
              return err as Error;
            }
          },
          reportRuleError,
        )
      : undefined;

  const transport = new FatTransport({
    consumer,
    providers: source,
    endpoints,
    routers: () => ruleSet.chain,
    loadBalancer: (name) => loadBalancers.get(name)({ now, random }),
    cluster: (name) => clusterStrategies.get(name)(),
    healthy: (key, set) => detectorFor(key)?.filterHealthy(set) ?? set,
    onAttempt: (key, provider, error) => {
      const detector = detectorFor(key);
      if (!detector) return;
      const ejectedBefore = detector.isEjected(provider);
      detector.record(provider, outlierOutcome(error));
      if (detector.isEjected(provider) !== ejectedBefore) healthVersion++;
    },
    defaultTimeoutMs: options.defaultTimeoutMs ?? 1000,
    defaultLoadBalance: DEFAULT_LOAD_BALANCE,
    defaultCluster: DEFAULT_CLUSTER,
    now,
  });

  // Rule files are watched: an edit takes effect without a restart; a broken edit is reported
  // and the previous rules stay in force.
  const stopWatchingRules =
    typeof options.rules === 'string'
      ? watchRuleFiles(
          options.rules,
          (documents) => {
            rebuild([...documents, ...(configRules?.documents ?? [])]);
            fileRules = documents;
          },
          reportRuleError,
        )
      : undefined;

  const labels =
    options.trafficLabels === false
      ? []
      : [
          trafficLabelInterceptor({
            application: options.application,
            rules: () => ruleSet.trafficLabels,
            ...(options.trafficLabels?.workloadLabels
              ? { workloadLabels: options.trafficLabels.workloadLabels }
              : {}),
          }),
        ];

  for (const key of options.warm ?? []) {
    source.warm(key);
    configRules?.watchService(key);
  }

  return {
    transport,
    get rules() {
      return ruleSet;
    },
    client(descriptor, clientOptions) {
      source.warm(descriptor);
      configRules?.watchService(descriptor);
      return createClient(descriptor, transport, {
        ...clientOptions,
        // Innermost, so the rules also see headers the client's own interceptors set.
        interceptors: [...(clientOptions?.interceptors ?? []), ...labels],
        application: options.application,
      });
    },
    async providers(key) {
      return source.listed(key);
    },
    ejected(key) {
      return detectorFor(key)?.ejectedAddresses() ?? [];
    },
    async route(key, method, call = {}) {
      configRules?.watchService(key);
      const providers = await source.providers(key);
      const invocation: Invocation = {
        service: key,
        method,
        args: call.args,
        attachments: Object.fromEntries(
          Object.entries(call.attachments ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
        ),
        consumer,
      };
      return transport.explain(invocation, providers);
    },
    setRules(documents) {
      rebuild([...documents, ...(configRules?.documents ?? [])]);
      fileRules = documents;
    },
    async close() {
      stopWatchingRules?.();
      configRules?.close();
      source.close();
      await transport.close();
      if (ownsRegistry) await registry.close();
    },
  };
}

/** Without an `onRuleError`, a rejected rule still leaves a trace (STYLE.md: never swallow an error). */
function warnRuleError(error: Error): void {
  process.emitWarning(`dubbo-mesh: rule rejected, previous rules stay in force: ${error.message}`);
}
