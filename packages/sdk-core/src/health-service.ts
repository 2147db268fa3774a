import { protobufSerializer } from '@dubbo-mesh/codec-triple';
import protobuf from 'protobufjs';
import { createClient } from './create-client.js';
import type { MethodDescriptor, ServiceDescriptor } from './service-descriptor.js';
import type { Transport } from './transport.js';

/** grpc/health/v1/health.proto, the messages and service gRPC, Go and Java Triple answer (triple.md §8). */
const HEALTH_PROTO = `
  syntax = "proto3";
  package grpc.health.v1;
  message HealthCheckRequest { string service = 1; }
  message HealthCheckResponse {
    enum ServingStatus { UNKNOWN = 0; SERVING = 1; NOT_SERVING = 2; SERVICE_UNKNOWN = 3; }
    ServingStatus status = 1;
  }
  service Health {
    rpc Check(HealthCheckRequest) returns (HealthCheckResponse);
    rpc Watch(HealthCheckRequest) returns (stream HealthCheckResponse);
  }
`;

/** A service's serving status; `SERVICE_UNKNOWN` is only sent by `Watch`. */
export type ServingStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

export interface HealthCheckRequest {
  /** The service to ask about; `''` asks about the server as a whole. */
  service?: string;
}

export interface HealthCheckResponse {
  status: ServingStatus;
}

const STATUSES: ReadonlySet<unknown> = new Set<ServingStatus>([
  'UNKNOWN',
  'SERVING',
  'NOT_SERVING',
  'SERVICE_UNKNOWN',
]);

const root = protobuf.parse(HEALTH_PROTO, { keepCase: false }).root;
const request = protobufSerializer<HealthCheckRequest>(root.lookupType('grpc.health.v1.HealthCheckRequest'));
const response = protobufSerializer<HealthCheckResponse>(
  root.lookupType('grpc.health.v1.HealthCheckResponse'),
);

/** The methods of `grpc.health.v1.Health`, by their name on a typed client. */
export type HealthMethods = {
  readonly check: MethodDescriptor<HealthCheckRequest, HealthCheckResponse, 'unary'>;
  readonly watch: MethodDescriptor<HealthCheckRequest, HealthCheckResponse, 'server_streaming'>;
};

/**
 * `grpc.health.v1.Health`: `check` (unary) and `watch` (server streaming). Servers without a health
 * service answer UNIMPLEMENTED; gRPC and Java answer NOT_FOUND for a service they do not know.
 *
 * @example
 * const health = createClient(HealthService, transport);
 * for await (const { status } of health.watch({ service: 'org.demo.Greeter' })) console.log(status);
 */
export const HealthService: ServiceDescriptor<HealthMethods> = {
  kind: 'idl',
  serviceName: 'grpc.health.v1.Health',
  methods: {
    check: {
      name: 'Check',
      kind: 'unary',
      // A status query has no side effects, so re-sending it after any failure is safe.
      idempotent: true,
      positional: false,
      encode: (message) => request.encode(message),
      decode: (bytes) => response.decode(bytes),
    },
    watch: {
      name: 'Watch',
      kind: 'server_streaming',
      idempotent: true,
      positional: false,
      encode: (message) => request.encode(message),
      decode: (bytes) => response.decode(bytes),
    },
  },
};

/** One client per transport: a client holds a header template per method, which is worth keeping. */
const clients = new WeakMap<Transport, ReturnType<typeof createClient<typeof HealthService>>>();

/**
 * Runs `grpc.health.v1.Health/Check` for `service` (`''`: the server as a whole) and returns the status.
 * RPC failures reject with the `RpcError` (UNIMPLEMENTED: no health service; NOT_FOUND: unknown service).
 */
export async function checkHealth(
  transport: Transport,
  service = '',
  options: { timeoutMs?: number } = {},
): Promise<ServingStatus> {
  let client = clients.get(transport);
  if (client === undefined) {
    client = createClient(HealthService, transport);
    clients.set(transport, client);
  }
  const reply = await client.check(
    { service },
    options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
  );
  // An open enum keeps numbers it does not know; to a caller they say no more than UNKNOWN.
  return STATUSES.has(reply.status) ? reply.status : 'UNKNOWN';
}
