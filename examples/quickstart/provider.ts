import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const protoPath = fileURLToPath(new URL('./greeter.proto', import.meta.url));

interface HelloRequest {
  name: string;
}

/** A Greeter provider on @grpc/grpc-js, standing in for a Dubbo provider that speaks Triple. */
export async function startGreeterProvider(
  address: string,
): Promise<{ address: string; close(): Promise<void> }> {
  const definition = protoLoader.loadSync(protoPath);
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    org: { apache: { dubbo: { demo: { Greeter: { service: grpc.ServiceDefinition } } } } };
  };
  const server = new grpc.Server();
  server.addService(loaded.org.apache.dubbo.demo.Greeter.service, {
    SayHello(call: grpc.ServerUnaryCall<HelloRequest, unknown>, callback: grpc.sendUnaryData<unknown>) {
      if (!call.request.name) {
        callback({ code: grpc.status.INVALID_ARGUMENT, details: 'name is required' });
        return;
      }
      const app = call.metadata.get('tri-consumer-appname')[0] ?? 'unknown';
      callback(null, {
        message: `Hello ${call.request.name}, from a provider that saw app "${String(app)}"`,
      });
    },
    SayHelloStream(call: grpc.ServerWritableStream<HelloRequest, unknown>) {
      for (let i = 0; i < 3; i++) call.write({ message: `Hello ${call.request.name} #${i}`, index: i });
      call.end();
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  return {
    // A TCP address asked with port 0 gets the port the system chose.
    address: address.startsWith('unix:') ? address : address.replace(/:0$/, `:${port}`),
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
