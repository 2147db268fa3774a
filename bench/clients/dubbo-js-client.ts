import { EventEmitter } from 'node:events';
import { createPromiseClient } from '@apachedubbo/dubbo';
import { createGrpcTransport } from '@apachedubbo/dubbo-node';
import { connectSocket, type Endpoint } from './endpoint.js';
import { TestServiceEs } from './test-service-es.js';
import { payloadOf, type UnaryCaller } from './unary-caller.js';

/**
 * Client (d): @apachedubbo/dubbo 3.0.0-alpha's promise client on @apachedubbo/dubbo-node's gRPC
 * transport (the server speaks gRPC; its Triple transport sends Triple's own headers). HTTP/2 with
 * one kept-alive session; a Unix socket works through `nodeOptions.createConnection`, which the
 * transport hands to `http2.connect`.
 */
export function connectDubboJsClient(endpoint: Endpoint, payload: Uint8Array): UnaryCaller {
  // dubbo-node adds an `error` listener to the session per call in flight (TOOLCHAIN.md), so 50 or
  // 200 calls print MaxListenersExceededWarning over and over; the limit only governs that warning,
  // and this client runs alone in its own child process.
  EventEmitter.defaultMaxListeners = 0;
  let connections = 0;
  const transport = createGrpcTransport({
    baseUrl: 'http://localhost',
    httpVersion: '2',
    nodeOptions: {
      createConnection: () => {
        connections++;
        return connectSocket(endpoint);
      },
    },
    // What a user sets for a long-lived client: otherwise the session closes after each request.
    keepSessionAlive: true,
  });
  // The schema is cast to the CJS ServiceType (see test-service-es.ts): methods are by name here.
  const client = createPromiseClient(TestServiceEs, transport) as unknown as {
    unary(request: { payload: Uint8Array }): Promise<unknown>;
  };
  const request = { payload };
  return {
    call: async () => payloadOf(await client.unary(request)),
    connections: () => connections,
    close: async () => {},
  };
}
