import type { Attributes } from '@opentelemetry/api';
import type { CallTarget } from '../transport.js';
import type { CallStatus } from './call-status.js';
import { emitsLegacy, emitsStable, type SemconvMode } from './semconv-mode.js';

/**
 * The RPC system a call belongs to. Triple is Dubbo 3's gRPC-compatible protocol: `dubbo` (the
 * default) says "a Dubbo service", `grpc` suits calls to plain gRPC servers.
 */
export type RpcSystem = 'dubbo' | 'grpc';

/** Where calls go, for `server.address` / `server.port`: the sidecar or the provider the app names. */
export interface ServerAddress {
  /** A host name, an IP, or a Unix socket path (semconv: `/tmp/my.sock`). */
  readonly address: string;
  readonly port?: number;
}

/** What the attributes are computed from, fixed per tracer or meter. */
export interface RpcAttributeSettings {
  readonly system: RpcSystem;
  readonly mode: SemconvMode;
  readonly server: ServerAddress | undefined;
}

/** v1.37 named Dubbo `apache_dubbo`; the stable conventions name it `dubbo`. */
function legacySystemName(system: RpcSystem): string {
  return system === 'dubbo' ? 'apache_dubbo' : 'grpc';
}

/**
 * The span name and `rpc.method` of the stable conventions: `<fully-qualified service>/<method>`
 * (semconv rpc-spans.md "Name"), e.g. `org.apache.dubbo.demo.GreeterService/sayHello`.
 */
export function rpcMethodName(target: CallTarget): string {
  return `${target.service.serviceName}/${target.method.name}`;
}

/** Attributes known when the call starts: system, service, method, server. */
export function startAttributes(target: CallTarget, settings: RpcAttributeSettings): Attributes {
  const attributes: Attributes = {};
  if (emitsLegacy(settings.mode)) {
    attributes['rpc.system'] = legacySystemName(settings.system);
    attributes['rpc.service'] = target.service.serviceName;
    attributes['rpc.method'] = target.method.name;
  }
  if (emitsStable(settings.mode)) {
    attributes['rpc.system.name'] = settings.system;
    // In `both` mode the stable (qualified) form wins the shared key: it carries the service too.
    attributes['rpc.method'] = rpcMethodName(target);
  }
  if (settings.server !== undefined) {
    attributes['server.address'] = settings.server.address;
    if (settings.server.port !== undefined) attributes['server.port'] = settings.server.port;
  }
  return attributes;
}

/** Attributes known when the call ends: the status code, and `error.type` when it failed. */
export function endAttributes(status: CallStatus, settings: RpcAttributeSettings): Attributes {
  const attributes: Attributes = {};
  // v1.37 defines a status attribute for gRPC only; Triple's status is a gRPC status (triple.md §5).
  if (emitsLegacy(settings.mode) && settings.system === 'grpc')
    attributes['rpc.grpc.status_code'] = status.code;
  if (emitsStable(settings.mode)) attributes['rpc.response.status_code'] = status.codeName;
  if (status.errorType !== undefined) attributes['error.type'] = status.errorType;
  return attributes;
}
