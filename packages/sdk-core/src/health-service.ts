import { createClient } from './create-client.js';
import {
  decodeHealthCheckResponse,
  encodeHealthCheckRequest,
  type HealthCheckRequest,
  type HealthCheckResponse,
  type ServingStatus,
} from './health-messages.js';
import type { MethodDescriptor, ServiceDescriptor } from './service-descriptor.js';
import type { Transport } from './transport.js';

export type { HealthCheckRequest, HealthCheckResponse, ServingStatus } from './health-messages.js';

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
      encode: encodeHealthCheckRequest,
      decode: decodeHealthCheckResponse,
    },
    watch: {
      name: 'Watch',
      kind: 'server_streaming',
      idempotent: true,
      positional: false,
      encode: encodeHealthCheckRequest,
      decode: decodeHealthCheckResponse,
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
  return reply.status;
}
