/**
 * The edge of the lanes example: a plain node:http service. `withInboundContext` captures each
 * request's headers once; the handler calls A through a dubbo-mesh client and knows nothing of lanes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@dubbo-mesh/sdk-core';
import { withInboundContext } from '@dubbo-mesh/sdk-core/context';
import type { ServiceA } from './lane-services.js';

export interface Edge {
  /** `http://127.0.0.1:PORT/hello` */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `GET /hello?name=x`, answering with the chain of services that handled it. */
export async function startEdge(a: () => Client<typeof ServiceA>): Promise<Edge> {
  const server = createServer(
    withInboundContext(async (req, res) => {
      const name = new URL(req.url ?? '/', 'http://edge').searchParams.get('name') ?? 'world';
      try {
        const reply = await a().hello({ name });
        res.end(`edge -> ${reply.message}`);
      } catch (err) {
        res.statusCode = 502;
        res.end(`edge -> ${String(err)}`);
      }
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hello`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
