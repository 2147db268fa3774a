import http2 from 'node:http2';
import type { ChannelSession } from '@dubbo-mesh/sdk-core';
import protobuf from 'protobufjs';
import { DirectSession } from '../../packages/sdk-core/src/h2/direct-session.js';
import {
  TEST_PROTO_PATH,
  TEST_SERVICE_NAME,
  TO_OBJECT_OPTIONS,
  UNARY_PATH,
} from '../harness/test-service.js';
import { connectSocket, type Endpoint } from './endpoint.js';
import { payloadOf, type UnaryCaller } from './unary-caller.js';

const REQUEST_HEADERS = {
  ':method': 'POST',
  ':path': UNARY_PATH,
  'content-type': 'application/grpc',
  te: 'trailers',
} as const;

/**
 * Client (c), the baseline of TOOLCHAIN.md: node:http2 plus gRPC's 5-byte framing and protobufjs,
 * nothing else (no deadlines, no retries, no attachments, no validation). It encodes with
 * `fromObject` and decodes with `toObject` like the other two, so the gap to it is per-call machinery.
 * With `engine: 'direct'` the same caller runs on sdk-core's own HTTP/2 framing (DirectSession)
 * instead of node:http2: the channel comparison's third candidate, same work above the session.
 */
export function connectHandWrittenH2Client(
  endpoint: Endpoint,
  payload: Uint8Array,
  engine: 'node' | 'direct' = 'node',
): UnaryCaller {
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

  let connections = 0;
  const session: ChannelSession =
    engine === 'direct'
      ? new DirectSession(connectSocket(endpoint), {
          authority: 'localhost',
          scheme: 'http',
          initialWindowSize: 65_535,
          maxHeaderListBytes: 32_768,
        })
      : // ClientHttp2Session has the ChannelSession surface (see sdk-core's http2-channel.ts).
        (http2.connect('http://localhost', {
          createConnection: () => connectSocket(endpoint),
        }) as unknown as ChannelSession);
  connections++;
  session.on('error', (err) => process.stderr.write(`h2 client: session error: ${err.message}\n`));

  const call = (): Promise<Uint8Array> =>
    new Promise((resolve, reject) => {
      const message = requestType.encode(requestType.fromObject(request)).finish();
      const body = Buffer.allocUnsafe(5 + message.length);
      body[0] = 0;
      body.writeUInt32BE(message.length, 1);
      body.set(message, 5);

      const stream = session.request({ ...REQUEST_HEADERS }, { endStream: false });
      const chunks: Buffer[] = [];
      let status: string | undefined;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('trailers', (trailers: Record<string, unknown>) => {
        const value = trailers['grpc-status'];
        status = typeof value === 'string' ? value : undefined;
      });
      stream.on('error', reject);
      stream.on('close', () => {
        if (status !== '0') {
          reject(new Error(`call failed: grpc-status ${status}, rst ${stream.rstCode}`));
          return;
        }
        const data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        if (data.length < 5 || data[0] !== 0) {
          reject(new Error('response is not one uncompressed gRPC frame'));
          return;
        }
        const length = data.readUInt32BE(1);
        const decoded = responseType.decode(data.subarray(5, 5 + length));
        resolve(payloadOf(responseType.toObject(decoded, TO_OBJECT_OPTIONS)));
      });
      stream.end(body);
    });

  return {
    call,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        session.once('close', () => resolve());
        session.destroy();
      }),
  };
}
