import { isAbsolute } from 'node:path';
import {
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceDefinition,
  type sendUnaryData,
  status,
} from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import { releaseSocketPath } from './temp-socket.js';

/** grpc/health/v1/health.proto as gRPC publishes it; inline so the peer needs no file of its own. */
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

export type ServingStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

interface HealthCheckRequest {
  service: string;
}

interface HealthCheckResponse {
  status: ServingStatus;
}

export interface HealthPeer {
  /** `127.0.0.1:PORT` or `unix:/abs/path`. */
  readonly address: string;
  readonly port?: number;
  readonly socketPath?: string;
  /** Service name of every Check, in order. */
  readonly checked: string[];
  /** Sets (or, with `undefined`, forgets) a service's status; Watch streams see the change. */
  setStatus(service: string, status: ServingStatus | undefined): void;
  close(): Promise<void>;
}

export interface HealthServerOptions {
  /** Absolute socket path to listen on; default: TCP on 127.0.0.1, ephemeral port. */
  uds?: string;
  /** Status by service name; default `{ '': 'SERVING', known: 'SERVING' }`. */
  statuses?: Record<string, ServingStatus>;
}

function loadHealthDefinition(): ServiceDefinition {
  const json = protobuf.parse(HEALTH_PROTO, { keepCase: true }).root.toJSON();
  const definition = fromJSON(json, { keepCase: true, enums: String, defaults: true })[
    'grpc.health.v1.Health'
  ];
  if (definition === undefined || 'format' in definition)
    throw new Error('grpc.health.v1.Health did not load');
  return definition as ServiceDefinition;
}

/**
 * A real @grpc/grpc-js server with only `grpc.health.v1.Health`, answering as gRPC's and Java Triple's
 * health services do (triple.md §8): Check gives the status of a known service (`''` is the server as a
 * whole) and NOT_FOUND (5) for any other; Watch sends the current status (SERVICE_UNKNOWN for an unknown
 * service) and then every change until the client cancels.
 */
export async function startHealthServer(options: HealthServerOptions = {}): Promise<HealthPeer> {
  const { uds } = options;
  if (uds !== undefined && !isAbsolute(uds)) throw new TypeError(`uds must be absolute, got ${uds}`);
  const statuses = new Map<string, ServingStatus>(
    Object.entries(options.statuses ?? { '': 'SERVING', known: 'SERVING' }),
  );
  const watchers = new Set<ServerWritableStream<HealthCheckRequest, HealthCheckResponse>>();
  const checked: string[] = [];

  const server = new Server();
  server.addService(loadHealthDefinition(), {
    Check(
      call: ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>,
      callback: sendUnaryData<HealthCheckResponse>,
    ) {
      const service = call.request.service;
      checked.push(service);
      const current = statuses.get(service);
      if (current === undefined) callback({ code: status.NOT_FOUND, details: `unknown service ${service}` });
      else callback(null, { status: current });
    },
    Watch(call: ServerWritableStream<HealthCheckRequest, HealthCheckResponse>) {
      watchers.add(call);
      call.on('cancelled', () => watchers.delete(call));
      call.write({ status: statuses.get(call.request.service) ?? 'SERVICE_UNKNOWN' });
    },
  });
  const address = uds === undefined ? '127.0.0.1:0' : `unix:${uds}`;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    );
  });

  let closing: Promise<void> | undefined;
  return {
    address: uds === undefined ? `127.0.0.1:${port}` : address,
    ...(uds === undefined ? { port } : { socketPath: uds }),
    checked,
    setStatus(service, next) {
      if (next === undefined) statuses.delete(service);
      else statuses.set(service, next);
      for (const watcher of watchers) {
        if (watcher.request.service === service) watcher.write({ status: next ?? 'SERVICE_UNKNOWN' });
      }
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const watcher of watchers) watcher.end();
        server.tryShutdown(() => resolve());
        // Watch streams and idle clients must not hold the test run open.
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1_000).unref();
      }).then(() => {
        if (uds !== undefined) releaseSocketPath(uds);
      });
      return closing;
    },
  };
}
