import { Client, credentials, type MethodDefinition } from '@grpc/grpc-js';
import { loadTestServiceDefinition } from '../harness/test-service.js';
import { type Endpoint, targetOf } from './endpoint.js';
import { payloadOf, type UnaryCaller } from './unary-caller.js';

interface EchoMessage {
  payload?: Uint8Array;
}

/**
 * Client (b): @grpc/grpc-js with proto-loader. `makeUnaryRequest` is what the methods of a
 * `makeGenericClientConstructor` client call, minus an argument shuffle; it keeps this file typed.
 */
export function connectGrpcJsClient(endpoint: Endpoint, payload: Uint8Array): UnaryCaller {
  const method = loadTestServiceDefinition().Unary as MethodDefinition<EchoMessage, EchoMessage> | undefined;
  if (method === undefined) throw new Error('TestService has no Unary method');
  const client = new Client(targetOf(endpoint), credentials.createInsecure());
  const request: EchoMessage = { payload };
  let connected = false;
  return {
    call: () =>
      new Promise<Uint8Array>((resolve, reject) => {
        client.makeUnaryRequest(
          method.path,
          method.requestSerialize,
          method.responseDeserialize,
          request,
          (err, response) => {
            if (err) reject(err);
            else {
              connected = true;
              resolve(payloadOf(response));
            }
          },
        );
      }),
    // grpc-js keeps one subchannel (one HTTP/2 connection) per address with pick_first.
    connections: () => (connected ? 1 : 0),
    close: async () => client.close(),
  };
}
