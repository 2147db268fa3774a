/**
 * The services of the two-hop lanes example: B (one instance per lane) answers with its name; A
 * handles a call by calling B through a dubbo-mesh client, with no lane code in its handler: the
 * inbound headers are captured around the handler and the client's TrafficLabel interceptor labels
 * the call to B.
 */
import { fileURLToPath } from 'node:url';
import { type Client, loadProtoService } from '@dubbo-mesh/sdk-core';
import { runWithInboundHeaders } from '@dubbo-mesh/sdk-core/context';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const protoPath = fileURLToPath(new URL('./lanes.proto', import.meta.url));
export const SERVICE_A = 'org.demo.lanes.ServiceA';
export const SERVICE_B = 'org.demo.lanes.ServiceB';
/** The header carrying the lane and the provider label naming an instance's lane (traffic-label.md). */
export const LANE_HEADER = 'x-asm-prefer-tag';
export const LANE_LABEL = 'ASM_TRAFFIC_TAG';

/** Typed descriptors of A and B for dubbo-mesh clients. */
export const ServiceA = loadProtoService<{ hello: 'unary' }>(protoPath, SERVICE_A);
export const ServiceB = loadProtoService<{ hello: 'unary' }>(protoPath, SERVICE_B);

interface HelloReply {
  message: string;
}

/** A running instance: its address, and the calls it served with the lane each carried. */
export interface ServiceInstance {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  /** The lane header of each call served (`''` for none). */
  readonly served: string[];
  close(): Promise<void>;
}

function loadService(name: string): grpc.ServiceDefinition {
  const loaded = grpc.loadPackageDefinition(protoLoader.loadSync(protoPath)) as unknown as {
    org: { demo: { lanes: Record<string, { service: grpc.ServiceDefinition }> } };
  };
  const service = loaded.org.demo.lanes[name.split('.').pop()!];
  if (!service) throw new Error(`${name} is not in ${protoPath}`);
  return service.service;
}

async function serve(
  name: string,
  service: string,
  hello: (call: grpc.ServerUnaryCall<{ name: string }, HelloReply>) => Promise<string>,
): Promise<ServiceInstance> {
  const served: string[] = [];
  const server = new grpc.Server();
  server.addService(loadService(service), {
    Hello(
      call: grpc.ServerUnaryCall<{ name: string }, HelloReply>,
      callback: grpc.sendUnaryData<HelloReply>,
    ) {
      served.push(String(call.metadata.get(LANE_HEADER)[0] ?? ''));
      hello(call).then(
        (message) => callback(null, { message }),
        (err: unknown) => callback({ code: grpc.status.UNAVAILABLE, details: String(err) }),
      );
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  return {
    name,
    address: `127.0.0.1:${port}`,
    port,
    served,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

/** An instance of B: answers with its own name. */
export function startServiceB(name: string): Promise<ServiceInstance> {
  return serve(name, SERVICE_B, async () => name);
}

/**
 * An instance of A: each call is handled inside `runWithInboundHeaders` with the call's metadata
 * (the gRPC equivalent of the HTTP middleware), and calls B through `b`, a dubbo-mesh client.
 */
export function startServiceA(name: string, b: () => Client<typeof ServiceB>): Promise<ServiceInstance> {
  return serve(name, SERVICE_A, (call) =>
    runWithInboundHeaders(call.metadata.getMap(), async () => {
      const reply = await b().hello({ name: call.request.name });
      return `${name} -> ${reply.message}`;
    }),
  );
}

/** A provider URL for the file registry; `lane` becomes the instance's ASM_TRAFFIC_TAG label. */
export function providerUrl(
  service: string,
  application: string,
  instance: ServiceInstance,
  lane?: string,
): string {
  const label = lane === undefined ? '' : `&${LANE_LABEL}=${lane}`;
  return `tri://${instance.address}/${service}?application=${application}&interface=${service}&side=provider${label}`;
}
