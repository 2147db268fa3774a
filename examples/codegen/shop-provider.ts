import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const protoPath = fileURLToPath(new URL('./proto/shop.proto', import.meta.url));

/** proto-loader's plain-object form (longs and enums as strings), as this provider reads and writes it. */
interface OrderObject {
  id: string;
  lines: { sku: string; quantity: number; unitPrice: { currency: string; minorUnits: string } | null }[];
  labels: Record<string, string>;
  status: string;
  placedAt: { seconds: string; nanos: number } | null;
  pickupStore?: string;
  shipToAddress?: string;
  note?: string;
}

function order(id: string, status: string): OrderObject {
  return {
    id,
    lines: [{ sku: 'tea-001', quantity: 2, unitPrice: { currency: 'CNY', minorUnits: '1250' } }],
    labels: { channel: 'web' },
    status,
    placedAt: { seconds: '1700000000', nanos: 0 },
    pickupStore: 'Hangzhou West Lake',
  };
}

/**
 * An OrderService provider on @grpc/grpc-js and @grpc/proto-loader: it reads shop.proto itself and shares
 * no code with dubbo-mesh, standing in for a Dubbo provider that speaks Triple.
 */
export async function startShopProvider(address: string): Promise<{ close(): Promise<void> }> {
  const definition = protoLoader.loadSync(protoPath, {
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    demo: { shop: { v1: { OrderService: { service: grpc.ServiceDefinition } } } };
  };
  const server = new grpc.Server();
  server.addService(loaded.demo.shop.v1.OrderService.service, {
    GetOrder(
      call: grpc.ServerUnaryCall<{ id: string }, OrderObject>,
      callback: grpc.sendUnaryData<OrderObject>,
    ) {
      callback(null, order(call.request.id, 'STATUS_PLACED'));
    },
    ListOrders(call: grpc.ServerWritableStream<{ status: string; limit: number }, OrderObject>) {
      for (let i = 1; i <= call.request.limit; i++) call.write(order(String(i), call.request.status));
      call.end();
    },
    PlaceOrders(
      call: grpc.ServerReadableStream<OrderObject, unknown>,
      callback: grpc.sendUnaryData<unknown>,
    ) {
      let orders = 0;
      let total = 0n;
      call.on('data', (placed: OrderObject) => {
        orders++;
        for (const line of placed.lines)
          total += BigInt(line.quantity) * BigInt(line.unitPrice?.minorUnits ?? 0);
      });
      call.on('end', () =>
        callback(null, { orders, total: { currency: 'CNY', minorUnits: total.toString() } }),
      );
    },
    TrackOrders(call: grpc.ServerDuplexStream<{ id: string }, OrderObject>) {
      call.on('data', (request: { id: string }) => call.write(order(request.id, 'STATUS_SHIPPED')));
      call.on('end', () => call.end());
    },
  });
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err) =>
      err ? reject(err) : resolve(),
    ),
  );
  return {
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
