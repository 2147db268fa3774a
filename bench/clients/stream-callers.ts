import http2 from 'node:http2';
import { loadProtoService } from '@dubbo-mesh/sdk-core';
import { Client, credentials, type MethodDefinition } from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import {
  loadTestServiceDefinition,
  TEST_PROTO_PATH,
  TEST_SERVICE_NAME,
  TO_OBJECT_OPTIONS,
} from '../harness/test-service.js';
import { connectSocket, type Endpoint, targetOf } from './endpoint.js';
import { loadSdkThin } from './sdk-thin-module.js';
import { payloadOf } from './unary-caller.js';

/** One client kind calling ServerStream: each call asks for `count` messages and counts what arrives. */
export interface StreamCaller {
  /** One ServerStream call; resolves with the number of messages received once the status is OK. */
  call(): Promise<number>;
  close(): Promise<void>;
}

export const STREAM_CLIENT_KINDS = ['thin', 'grpc-js', 'h2'] as const;
export type StreamClientKind = (typeof STREAM_CLIENT_KINDS)[number];

type StreamRequest = { payload: Uint8Array; count: number };

/** Ours: the Thin client's typed proxy, a `for await` over the response messages. */
async function connectThin(endpoint: Endpoint, request: StreamRequest): Promise<StreamCaller> {
  const { createThinClient } = await loadSdkThin();
  const service = loadProtoService<{ serverStream: 'server_streaming' }>(TEST_PROTO_PATH, TEST_SERVICE_NAME);
  const thin = createThinClient({ application: 'bench', sidecar: targetOf(endpoint) });
  const client = thin.client(service);
  return {
    call: async () => {
      let received = 0;
      for await (const message of client.serverStream(request)) {
        payloadOf(message);
        received++;
      }
      return received;
    },
    close: () => thin.close(),
  };
}

/** @grpc/grpc-js: `makeServerStreamRequest`, counting `data` events until the status. */
function connectGrpcJs(endpoint: Endpoint, request: StreamRequest): StreamCaller {
  const method = loadTestServiceDefinition().ServerStream as
    | MethodDefinition<StreamRequest, unknown>
    | undefined;
  if (method === undefined) throw new Error('TestService has no ServerStream method');
  const client = new Client(targetOf(endpoint), credentials.createInsecure());
  return {
    call: () =>
      new Promise((resolve, reject) => {
        let received = 0;
        const stream = client.makeServerStreamRequest(
          method.path,
          method.requestSerialize,
          method.responseDeserialize,
          request,
        );
        stream.on('data', (message: unknown) => {
          payloadOf(message);
          received++;
        });
        stream.on('error', reject);
        stream.on('status', (status) => {
          if (status.code === 0) resolve(received);
        });
      }),
    close: async () => client.close(),
  };
}

/** The baseline: node:http2, gRPC's 5-byte frames split by hand, protobufjs decode + toObject per message. */
function connectHandWritten(endpoint: Endpoint, request: StreamRequest): StreamCaller {
  const root = protobuf.loadSync(TEST_PROTO_PATH);
  const method = root.lookupService(TEST_SERVICE_NAME).methods.ServerStream;
  method?.resolve();
  const requestType = method?.resolvedRequestType;
  const responseType = method?.resolvedResponseType;
  if (!requestType || !responseType) throw new Error('TestService has no ServerStream method');
  const session = http2.connect('http://localhost', { createConnection: () => connectSocket(endpoint) });
  const headers = {
    ':method': 'POST',
    ':path': `/${TEST_SERVICE_NAME}/ServerStream`,
    'content-type': 'application/grpc',
    te: 'trailers',
  };
  return {
    call: () =>
      new Promise((resolve, reject) => {
        const message = requestType.encode(requestType.fromObject(request)).finish();
        const body = Buffer.allocUnsafe(5 + message.length);
        body[0] = 0;
        body.writeUInt32BE(message.length, 1);
        body.set(message, 5);
        const stream = session.request({ ...headers });
        let pending: Buffer = Buffer.alloc(0);
        let received = 0;
        let status: unknown;
        stream.on('data', (chunk: Buffer) => {
          pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
          while (pending.length >= 5 && pending.length >= 5 + pending.readUInt32BE(1)) {
            const end = 5 + pending.readUInt32BE(1);
            payloadOf(
              responseType.toObject(responseType.decode(pending.subarray(5, end)), TO_OBJECT_OPTIONS),
            );
            received++;
            pending = pending.subarray(end);
          }
        });
        stream.on('trailers', (trailers) => {
          status = trailers['grpc-status'];
        });
        stream.on('error', reject);
        stream.on('close', () => {
          if (status === '0') resolve(received);
          else reject(new Error(`stream failed: grpc-status ${String(status)}, rst ${stream.rstCode}`));
        });
        stream.end(body);
      }),
    close: () => new Promise((resolve) => session.close(() => resolve())),
  };
}

/** Connects one kind; the request asks for `count` messages echoing `payload`. */
export async function connectStreamCaller(
  kind: StreamClientKind,
  endpoint: Endpoint,
  payload: Uint8Array,
  count: number,
): Promise<StreamCaller> {
  const request = { payload, count };
  switch (kind) {
    case 'thin':
      return connectThin(endpoint, request);
    case 'grpc-js':
      return connectGrpcJs(endpoint, request);
    case 'h2':
      return connectHandWritten(endpoint, request);
  }
}
