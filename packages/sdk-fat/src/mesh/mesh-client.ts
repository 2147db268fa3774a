import {
  type CallRequest,
  type Client,
  type ClientOptions,
  createClient,
  namespaceLogger,
  type ServiceDescriptor,
  type Transport,
} from '@dubbo-mesh/sdk-core';
import {
  createThinClient,
  EventFeed,
  type Scheduler,
  type SidecarHealth,
  systemScheduler,
  type ThinClientOptions,
  type Unsubscribe,
} from '@dubbo-mesh/sdk-thin';
import { createFatClient, type FatClientOptions } from '../fat/fat-client.js';
import { trafficLabelInterceptor } from '../router/traffic-label/traffic-label-interceptor.js';
import { parseTrafficLabels, type TrafficLabelSet } from '../router/traffic-label/traffic-label-set.js';
import { readRuleFiles } from '../rules/rule-files.js';
import { fatSecurity, type MeshSecurityOptions } from './fat-security.js';
import { MeshModeController } from './mesh-mode-controller.js';
import { type MeshStats, MeshTransport } from './mesh-transport.js';
import type { MeshMode, ModeChange } from './mode-change.js';
import { DEFAULT_PROBE_BACKOFF, type ProbeBackoffOptions } from './probe-backoff.js';

/** What the mesh client needs of a Thin client. */
export interface ThinEngine {
  readonly transport: Transport;
  readonly health: SidecarHealth;
  close(): Promise<void>;
}

/** What the mesh client needs of a Fat client. */
export interface FatEngine {
  readonly transport: Transport;
  /** Subscribes the service (a warm engine); the typed client it returns is not used. */
  client(descriptor: ServiceDescriptor): unknown;
  /** The rules in force: their TrafficLabels label calls in both modes. */
  readonly rules?: { readonly trafficLabels: TrafficLabelSet };
  close(): Promise<void>;
}

export interface MeshClientOptions extends FatClientOptions {
  /** The sidecar endpoint (`unix:/path` or `127.0.0.1:port`); default as for `createThinClient`. */
  sidecar?: string;
  /** Methods that may be re-sent after a failure that may have reached a provider: `Method` or `service/Method`. */
  idempotent?: readonly string[];
  /** Make the Fat engine on first need instead of at start (no registry session until the sidecar fails). */
  lazy?: boolean;
  /** How the client decides the sidecar is back, before returning calls to Thin. */
  probe?: {
    /** Probes that must succeed in a row before going back to Thin. Default 3. */
    healthyProbesToReturn?: number;
    backoff?: Partial<ProbeBackoffOptions>;
  };
  /** Failed health checks in a row that send calls Fat. Default 2. */
  unhealthyAfter?: number;
  /** Transport security of the Fat path: mTLS certificates, and whether plaintext fallback is refused. */
  security?: MeshSecurityOptions;
  /** More Thin client settings: keepalive, health interval and timeout, authority, connect timeout. */
  thin?: Omit<ThinClientOptions, 'application' | 'sidecar' | 'unhealthyAfter' | 'scheduler'>;
  /** Clock and timers of health checks and probes; injected in tests. */
  scheduler?: Scheduler;
  /** Engines to use instead of the real ones: fakes in unit tests. */
  engines?: { thin?: ThinEngine; fat?: () => FatEngine };
}

/** The mesh client: Thin while the sidecar is healthy, Fat when it is not, back to Thin when it recovers. */
export interface MeshClient {
  /** The path new calls take now. */
  readonly mode: MeshMode;
  /** Carries calls by the mode; typed clients made on it with `createClient` work too. */
  readonly transport: Transport;
  /** Counters: switches, calls by mode, re-sends. */
  readonly stats: MeshStats;
  /** A typed client for `descriptor`; unless lazy, the Fat engine subscribes the service now. */
  client<S extends ServiceDescriptor>(descriptor: S, options?: Omit<ClientOptions, 'application'>): Client<S>;
  /** Calls `listener` on every switch, with its reason; returns the unsubscribe function. */
  on(event: 'modeChange', listener: (change: ModeChange) => void): Unsubscribe;
  /** Every switch from now until `close()`. */
  modeChanges(): AsyncIterable<ModeChange>;
  close(): Promise<void>;
}

/**
 * Creates the mesh client (ARCHITECTURE.md "Mesh client" and "Fallback state machine"): calls go to
 * the sidecar; when it is missing, refuses connections, loses its session or fails its health checks,
 * they go Fat (registry, rules, balancing in-process); after `healthyProbesToReturn` good probes they
 * go Thin again. A call that failed on the way is re-sent via Fat when that cannot execute it twice.
 *
 * @example
 * const mesh = createMeshClient({
 *   application: 'shop-web',
 *   sidecar: 'unix:/run/dubbo-mesh/sidecar.sock',
 *   registry: 'zookeeper://127.0.0.1:2181',
 *   idempotent: ['SayHello'],
 * });
 * mesh.on('modeChange', (c) => console.log(`${c.from} -> ${c.to}: ${c.reason} (${c.detail})`));
 * const greeter = mesh.client(Greeter);
 */
export function createMeshClient(options: MeshClientOptions): MeshClient {
  const {
    sidecar,
    idempotent,
    lazy,
    probe,
    unhealthyAfter,
    security,
    thin: thinOptions,
    scheduler = systemScheduler,
    engines,
    ...fatOptions
  } = options;
  const fatPolicy = fatSecurity(security, fatOptions.tls);
  const thin =
    engines?.thin ??
    createThinClient({
      ...thinOptions,
      application: options.application,
      ...(sidecar !== undefined ? { sidecar } : {}),
      ...(unhealthyAfter !== undefined ? { unhealthyAfter } : {}),
      ...(fatOptions.logger ? { logger: fatOptions.logger } : {}),
      scheduler,
    });

  const descriptors = new Set<ServiceDescriptor>();
  let fat: FatEngine | undefined;
  const fatEngine = (): FatEngine => {
    if (fat === undefined) {
      const tls = fatPolicy.allowed ? fatPolicy.tls : undefined;
      fat = engines?.fat?.() ?? createFatClient({ ...fatOptions, ...(tls ? { tls } : {}) });
      for (const descriptor of descriptors) fat.client(descriptor);
    }
    return fat;
  };
  // A warm engine: registry subscribed and rules loaded before the sidecar can fail (never when refused).
  if (!lazy && fatPolicy.allowed) fatEngine();

  const changes = new EventFeed<ModeChange>();
  const meshLog = namespaceLogger('mesh', fatOptions.logger);
  // `detail` is an error message or probe results: no attachment values, no tokens.
  changes.on((change) =>
    meshLog.info(
      { from: change.from, to: change.to, reason: change.reason, detail: change.detail },
      `mode switch ${change.from} -> ${change.to}`,
    ),
  );
  const controller = new MeshModeController({
    health: thin.health,
    scheduler,
    healthyProbesToReturn: probe?.healthyProbesToReturn ?? 3,
    backoff: { ...DEFAULT_PROBE_BACKOFF, ...probe?.backoff },
    changes,
  });
  // One label interceptor for both modes (traffic-label.md: Thin, the sidecar routes on the header;
  // Fat, the lane router does). Rules come from the Fat engine, which reloads them; until it exists
  // (lazy), from the rule files read once.
  let ruleFileLabels: TrafficLabelSet | undefined;
  const trafficLabels = (): TrafficLabelSet => {
    const fromEngine = fat?.rules?.trafficLabels;
    if (fromEngine) return fromEngine;
    ruleFileLabels ??= parseTrafficLabels(
      typeof fatOptions.rules === 'string' ? readRuleFiles(fatOptions.rules) : (fatOptions.rules ?? []),
    );
    return ruleFileLabels;
  };
  const labels =
    fatOptions.trafficLabels === false
      ? []
      : [
          trafficLabelInterceptor({
            application: options.application,
            rules: trafficLabels,
            ...(fatOptions.trafficLabels?.workloadLabels
              ? { workloadLabels: fatOptions.trafficLabels.workloadLabels }
              : {}),
          }),
        ];

  const idempotentNames = new Set(idempotent ?? []);
  const transport = new MeshTransport({
    thin: thin.transport,
    fat: () => fatEngine().transport,
    fatRefusal: fatPolicy.allowed ? undefined : fatPolicy.refusal,
    controller,
    isIdempotent: (request: CallRequest) => {
      const { method, service } = request.target;
      return (
        method.idempotent ||
        idempotentNames.has(method.name) ||
        idempotentNames.has(`${service.serviceName}/${method.name}`)
      );
    },
    now: () => performance.now(),
  });

  return {
    get mode() {
      return controller.mode;
    },
    transport,
    get stats() {
      return { switches: controller.switches, ...transport.counts() };
    },
    client(descriptor, clientOptions) {
      descriptors.add(descriptor);
      fat?.client(descriptor);
      return createClient(descriptor, transport, {
        ...clientOptions,
        interceptors: [...(clientOptions?.interceptors ?? []), ...labels],
        application: options.application,
      });
    },
    on(_event, listener) {
      return changes.on(listener);
    },
    modeChanges() {
      return changes.events();
    },
    async close() {
      controller.close();
      changes.close();
      await Promise.all([thin.close(), fat?.close()]);
    },
  };
}
