import type { Http2TransportOptions, Logger } from '@dubbo-mesh/sdk-core';
import type { ConfigCenter, LaneRouterOptions, Registry, RuleDocument } from '@dubbo-mesh/sdk-fat';
import type { ServedProvider } from './served-provider.js';

/** The application name the sidecar registers and routes as when none is configured. */
export const DEFAULT_SIDECAR_APP = 'dubbo-mesh-sidecar';
/** How long a drain waits for calls in flight before it cuts them (cli.md "sidecar": SIGTERM). */
export const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

/** Everything `startSidecar` needs; `mesh.yaml` and the `dubbo-mesh sidecar` flags map onto it. */
export interface SidecarOptions {
  /** The Unix socket to serve on: an absolute path, `unix:` prefix allowed. */
  listen: string;
  /** A loopback `host:port` to serve on as well (port 0 picks one). */
  listenTcp?: string;
  /** `zookeeper://host:port[,host:port]`, `file:/path/providers.yaml`, or a registry instance (not closed by the sidecar). */
  registry: string | (Registry & Partial<ConfigCenter>);
  /** Rule files (`*.yaml` in a directory, or one file) or parsed documents. */
  rules?: string | readonly RuleDocument[];
  /** Lanes routed on a header (traffic-label.md): the same lane router the Fat client uses; off when unset. */
  lanes?: LaneRouterOptions;
  /** Providers of the local application to register: `<service>=<host:port>[?k=v&...]`. */
  serve?: readonly (string | ServedProvider)[];
  /** The local application: provider registrations, and the consumer when a call names none. */
  application?: string;
  /** A loopback `host:port` serving Prometheus metrics at `/metrics` (port 0 picks one). */
  metrics?: string;
  /** Default 10 s. */
  drainTimeoutMs?: number;
  /** Largest request kept for a re-send after a refused or failed connection. Default 64 KiB. */
  maxReplayBytes?: number;
  /** How long a call waits for a service's first provider list. Default 3 s. */
  firstListTimeoutMs?: number;
  /** Settings of the HTTP/2 channel to each provider (keepalive, TLS, window sizes). */
  providerChannel?: Http2TransportOptions;
  /** Where log lines go (one per event: rule warnings, registry errors). Default: stderr. */
  log?: (line: string) => void;
  /**
   * A structured logger (pino or any `(fields, message)` logger): provider connections, provider
   * list changes and rule reloads at info/debug, and the `log` lines at warn when `log` is not set.
   * `DUBBO_MESH_DEBUG=sidecar,registry,router,channel` prints them to stderr too.
   */
  logger?: Logger;
  /** Clock; injected in tests. Default Date.now. */
  now?: () => number;
  /** Random source of balancers and weighted rules; injected in tests. Default Math.random. */
  random?: () => number;
}

/** A running sidecar. */
export interface Sidecar {
  /** The Unix socket it serves on. */
  readonly socketPath: string;
  /** The loopback TCP address it also serves on, if any. */
  readonly tcpAddress: string | undefined;
  /** `http://host:port/metrics`, if metrics are served. */
  readonly metricsUrl: string | undefined;
  /** The provider URLs it registered. */
  readonly registered: readonly string[];
  /** True from the start of a drain or close: health checks answer NOT_SERVING. */
  readonly draining: boolean;
  /**
   * The SIGTERM sequence: stop accepting, GOAWAY to every caller, let calls in flight finish (at
   * most `drainTimeoutMs`), deregister, close. Resolves true when no call had to be cut.
   */
  drain(): Promise<boolean>;
  /** Stops at once: calls in flight are reset; registrations are removed. */
  close(): Promise<void>;
}
