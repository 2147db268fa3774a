import protobuf from 'protobufjs';
import { H2CClient } from 'undici';
import {
  TEST_PROTO_PATH,
  TEST_SERVICE_NAME,
  TO_OBJECT_OPTIONS,
  UNARY_PATH,
} from '../harness/test-service.js';
import type { Endpoint } from './endpoint.js';
import { payloadOf, type UnaryCaller } from './unary-caller.js';

const REQUEST_HEADERS = { 'content-type': 'application/grpc', te: 'trailers' } as const;

/**
 * The channel candidate (issue: "measure undici's HTTP/2 client against node:http2 for the channel
 * before choosing"): a minimal gRPC unary caller on undici 7's `H2CClient` (HTTP/2 prior knowledge
 * over TCP, one connection, up to 200 streams), doing exactly what the hand-written node:http2
 * client does: 5-byte framing, protobufjs `fromObject`/`toObject`, grpc-status from the trailers.
 * undici's `socketPath` would reach a Unix socket too; the scenario compares both over TCP.
 */
export function connectUndiciH2cClient(endpoint: Endpoint, payload: Uint8Array): UnaryCaller {
  const root = protobuf.loadSync(TEST_PROTO_PATH);
  const service = root.lookupService(TEST_SERVICE_NAME);
  service.resolveAll();
  const unary = service.methods.Unary;
  if (unary?.resolvedRequestType == null || unary.resolvedResponseType == null) {
    throw new Error('TestService has no Unary method');
  }
  const requestType = unary.resolvedRequestType;
  const responseType = unary.resolvedResponseType;
  const request = { payload };
  const client =
    endpoint.kind === 'tcp'
      ? new H2CClient(`http://${endpoint.host}:${endpoint.port}`, {
          pipelining: 200,
          maxConcurrentStreams: 200,
        })
      : new H2CClient('http://localhost', {
          socketPath: endpoint.path,
          pipelining: 200,
          maxConcurrentStreams: 200,
        });
  let connected = false;

  const call = (): Promise<Uint8Array> =>
    new Promise((resolve, reject) => {
      const message = requestType.encode(requestType.fromObject(request)).finish();
      const body = Buffer.allocUnsafe(5 + message.length);
      body[0] = 0;
      body.writeUInt32BE(message.length, 1);
      body.set(message, 5);
      const chunks: Buffer[] = [];
      // The legacy handler shape: undici 7.30.2's HTTP/2 client hands `onComplete` the trailers as
      // node:http2's object, which `request()` and the new handler API run through a parser for
      // flat arrays and so lose (grpc-status is never seen). Read them here as they arrive.
      client.dispatch(
        { path: UNARY_PATH, method: 'POST', headers: REQUEST_HEADERS, body },
        {
          onConnect: () => {},
          onHeaders: () => true,
          onData: (chunk) => chunks.push(chunk) > 0,
          onError: reject,
          onComplete: (trailers) => {
            const status = trailerValue(trailers, 'grpc-status');
            const data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
            if (status !== '0') reject(new Error(`call failed: grpc-status ${String(status)}`));
            else if (data.length < 5 || data[0] !== 0)
              reject(new Error('response is not one uncompressed gRPC frame'));
            else {
              connected = true;
              const decoded = responseType.decode(data.subarray(5, 5 + data.readUInt32BE(1)));
              resolve(payloadOf(responseType.toObject(decoded, TO_OBJECT_OPTIONS)));
            }
          },
        },
      );
    });

  return { call, connections: () => (connected ? 1 : 0), close: () => client.close() };
}

/** A trailer from what undici passes: node:http2's object at run time (typed as a flat array). */
function trailerValue(trailers: unknown, name: string): unknown {
  if (Array.isArray(trailers)) {
    for (let i = 0; i + 1 < trailers.length; i += 2) {
      if (String(trailers[i]).toLowerCase() === name) return String(trailers[i + 1]);
    }
    return undefined;
  }
  return typeof trailers === 'object' && trailers !== null ? Reflect.get(trailers, name) : undefined;
}
