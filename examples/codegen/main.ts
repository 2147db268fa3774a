/**
 * Generated typed clients: `dubbo-mesh gen proto/shop.proto proto/money.proto --out generated` wrote
 * generated/*.ts; this program calls an OrderService provider with them, one rpc of each kind. Every
 * request and reply is typed (int64 as decimal strings, enums as names, oneofs exclusive) and no .proto
 * file is read at run time. Run: pnpm exec tsx --conditions=source examples/codegen/main.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, createHttp2Transport } from '@dubbo-mesh/sdk-core';
import { type GetOrderRequestInit, type Order, OrderService } from './generated/shop.js';
import { startShopProvider } from './shop-provider.js';

const dir = mkdtempSync(join(tmpdir(), 'dubbo-mesh-codegen-'));
const address = `unix:${join(dir, 'shop.sock')}`;
const provider = await startShopProvider(address);
// #region client
const transport = createHttp2Transport(address);
const orders = createClient(OrderService, transport, { application: 'codegen-example' });
// #endregion client

function summary(order: Order): string {
  const where =
    order.pickupStore !== undefined ? `pickup at ${order.pickupStore}` : `ship to ${order.shipToAddress}`;
  return `#${order.id} ${order.status} ${order.lines.length} line(s), ${where}`;
}

try {
  // #region unary
  // uint64 beyond 2^53: sent as a bigint, decoded as an exact decimal string.
  const order = await orders.getOrder({ id: 9007199254740993n }, { timeoutMs: 2000 });
  // #endregion unary
  console.log('unary         ->', summary(order), `placed at ${order.placedAt?.seconds}s`);

  for await (const listed of orders.listOrders({ status: 'STATUS_PLACED', limit: 2 })) {
    console.log('server stream ->', summary(listed));
  }

  // #region client-stream
  // A decoded message is also valid input: send back what was received.
  const total = await orders.placeOrders([
    order,
    { ...order, id: '2', shipToAddress: 'Hangzhou', pickupStore: null },
  ]);
  // #endregion client-stream
  console.log(
    'client stream ->',
    `${total.orders} orders, ${total.total?.minorUnits} ${total.total?.currency} minor units`,
  );

  async function* tracking(): AsyncGenerator<GetOrderRequestInit> {
    yield { id: 7 };
    yield { id: '8' };
  }
  for await (const tracked of orders.trackOrders(tracking()))
    console.log('bidi stream   ->', summary(tracked));
} finally {
  await transport.close();
  await provider.close();
  rmSync(dir, { recursive: true, force: true });
}
