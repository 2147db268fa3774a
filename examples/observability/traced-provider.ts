import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const protoPath = fileURLToPath(new URL('../quickstart/greeter.proto', import.meta.url));

interface HelloRequest {
  name: string;
}

/**
 * A Greeter provider on @grpc/grpc-js that answers with the `traceparent` header it received: what
 * a traced Dubbo (Java) provider would read to join the caller's trace.
 */
export async function startTracedProvider(): Promise<{ address: string; close(): Promise<void> }> {
  const loaded = grpc.loadPackageDefinition(protoLoader.loadSync(protoPath)) as unknown as {
    org: { apache: { dubbo: { demo: { Greeter: { service: grpc.ServiceDefinition } } } } };
  };
  const server = new grpc.Server();
  const traceparentOf = (metadata: grpc.Metadata): string => String(metadata.get('traceparent')[0] ?? 'none');
  server.addService(loaded.org.apache.dubbo.demo.Greeter.service, {
    SayHello(call: grpc.ServerUnaryCall<HelloRequest, unknown>, callback: grpc.sendUnaryData<unknown>) {
      if (!call.request.name) {
        callback({ code: grpc.status.INVALID_ARGUMENT, details: 'name is required' });
        return;
      }
      callback(null, { message: traceparentOf(call.metadata) });
    },
    SayHelloStream(call: grpc.ServerWritableStream<HelloRequest, unknown>) {
      for (let i = 0; i < 3; i++) call.write({ message: traceparentOf(call.metadata), index: i });
      call.end();
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
