import {
  type BackoffOptions,
  type Client,
  type ClientOptions,
  Code,
  createClient,
  Http2Transport,
  type Interceptor,
  type KeepaliveOptions,
  type Logger,
  namespaceLogger,
  propagateInboundHeaders,
  RpcError,
  type ServiceDescriptor,
} from '@dubbo-mesh/sdk-core';
import { type Scheduler, systemScheduler } from './scheduler.js';
import { DEFAULT_SIDECAR_AUTHORITY, resolveSidecarEndpoint } from './sidecar-endpoint.js';
import { type SidecarHealth, SidecarHealthMonitor } from './sidecar-health.js';
import { probeSidecar } from './sidecar-probe.js';
import { ThinTransport } from './thin-transport.js';

export interface ThinClientOptions {
  /** This app's name, sent as `tri-consumer-appname`: the sidecar applies the app's rules with it. */
  application: string;
  /**
   * `unix:/abs/path` or loopback `127.0.0.1:port`. Default: `DUBBO_MESH_SIDECAR`, then
   * `unix:<os.tmpdir()>/dubbo-mesh/sidecar.sock`.
   */
  sidecar?: string;
  /** `:authority` of every call; default `dubbo-mesh-sidecar` (a logical host, never the socket path). */
  authority?: string;
  /**
   * PINGs on the sidecar connection, always on, also without calls: a frozen sidecar (SIGSTOP) is only
   * noticed by a PING that gets no ACK. Default every 1 s, 1 s to answer.
   */
  keepalive?: Partial<Omit<KeepaliveOptions, 'withoutCalls'>>;
  /** A health check every this many ms; 0 turns them off. Default 1000. */
  healthIntervalMs?: number;
  /** How long a health check may take. Default 1000. */
  healthTimeoutMs?: number;
  /** Failed health checks in a row that make the sidecar unhealthy. Default 2. */
  unhealthyAfter?: number;
  /** Give up connecting after this long. Default 1000: the sidecar is local. */
  connectTimeoutMs?: number;
  /** Reconnect backoff. Default 50 ms growing to 500 ms: a local sidecar comes back fast. */
  backoff?: Partial<BackoffOptions>;
  /** Largest response message accepted. Default 4 MiB. */
  maxReceiveMessageBytes?: number;
  /** Clock and timers of the health checks; injected in tests. */
  scheduler?: Scheduler;
  /**
   * Where the sidecar connection's events (connect, GOAWAY, reconnect) and health changes are
   * logged: pino or any `(fields, message)` logger. `DUBBO_MESH_DEBUG=channel,mesh` prints them too.
   */
  logger?: Logger;
  /**
   * Lane headers copied from the inbound request being handled (captured by the
   * `@dubbo-mesh/sdk-core/context` middleware) to every call, e.g. `['x-asm-prefer-tag']`: the
   * sidecar routes on them (traffic-label.md "Thin mode"). For labels computed by TrafficLabel
   * rules, pass sdk-fat's `trafficLabelInterceptor` in `interceptors` instead.
   */
  propagateHeaders?: readonly string[];
  /** Interceptors of every client made by `client()`, run after (inside) the client's own. */
  interceptors?: readonly Interceptor[];
}

/** A client of the local sidecar. */
export interface ThinClient {
  /** The endpoint in use, after the defaults were applied. */
  readonly endpoint: string;
  /** Carries calls to the sidecar; typed clients made with `createClient` on it work too. */
  readonly transport: ThinTransport;
  readonly health: SidecarHealth;
  /** A typed client for `descriptor`, carried by the sidecar. */
  client<S extends ServiceDescriptor>(descriptor: S, options?: Omit<ClientOptions, 'application'>): Client<S>;
  /** Stops health checks and closes the connection; calls in flight are cancelled. */
  close(): Promise<void>;
}

/** The defaults above, where they are numbers. */
export const THIN_DEFAULTS = {
  keepaliveIntervalMs: 1000,
  keepaliveTimeoutMs: 1000,
  healthIntervalMs: 1000,
  healthTimeoutMs: 1000,
  unhealthyAfter: 2,
  connectTimeoutMs: 1000,
} as const;

/**
 * Creates a Thin client (ARCHITECTURE.md "Thin"): Triple calls to the local sidecar, which owns
 * discovery, routing, balancing and policy. It loads no registry client, YAML parser or hessian.js.
 *
 * @example
 * const thin = createThinClient({ application: 'shop-web' });
 * const greeter = thin.client(Greeter);
 * await greeter.sayHello({ name: 'dubbo' });
 * thin.health.on('change', (e) => console.log(`sidecar ${e.from} -> ${e.to}: ${e.reason}`));
 */
export function createThinClient(options: ThinClientOptions): ThinClient {
  if (!/^[\x21-\x7e]+$/.test(options.application)) {
    throw new RpcError(
      Code.InvalidArgument,
      `application "${options.application}" must be non-empty printable ASCII without spaces (it is sent as a header)`,
    );
  }
  const endpoint = resolveSidecarEndpoint(options.sidecar);
  const authority = options.authority ?? DEFAULT_SIDECAR_AUTHORITY;
  const http2 = new Http2Transport(endpoint, {
    authority,
    keepalive: {
      intervalMs: options.keepalive?.intervalMs ?? THIN_DEFAULTS.keepaliveIntervalMs,
      timeoutMs: options.keepalive?.timeoutMs ?? THIN_DEFAULTS.keepaliveTimeoutMs,
      withoutCalls: true,
    },
    connectTimeoutMs: options.connectTimeoutMs ?? THIN_DEFAULTS.connectTimeoutMs,
    backoff: { initialMs: 50, maxMs: 500, ...options.backoff },
    ...(options.maxReceiveMessageBytes ? { maxReceiveMessageBytes: options.maxReceiveMessageBytes } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const transport = new ThinTransport(http2, options.application, authority);
  const healthTimeoutMs = options.healthTimeoutMs ?? THIN_DEFAULTS.healthTimeoutMs;
  const health = new SidecarHealthMonitor(() => probeSidecar(transport, healthTimeoutMs), http2.channel, {
    intervalMs: options.healthIntervalMs ?? THIN_DEFAULTS.healthIntervalMs,
    unhealthyAfter: options.unhealthyAfter ?? THIN_DEFAULTS.unhealthyAfter,
    scheduler: options.scheduler ?? systemScheduler,
  });
  const log = namespaceLogger('mesh', options.logger);
  health.on('change', (change) => {
    const fields = { sidecar: endpoint, from: change.from, to: change.to, reason: change.reason };
    if (change.to === 'healthy') log.info(fields, 'sidecar healthy');
    else log.warn(fields, `sidecar ${change.to}`);
  });
  health.start();
  const shared = [
    ...(options.propagateHeaders?.length ? [propagateInboundHeaders(options.propagateHeaders)] : []),
    ...(options.interceptors ?? []),
  ];
  return {
    endpoint,
    transport,
    health,
    client(descriptor, clientOptions) {
      return createClient(descriptor, transport, {
        ...clientOptions,
        interceptors: [...(clientOptions?.interceptors ?? []), ...shared],
        application: options.application,
      });
    },
    async close() {
      health.close();
      await transport.close();
    },
  };
}
