/** The footprint children's client and payload. */
import {
  createClient,
  createHttp2Transport,
  type Http2Transport,
  loadProtoService,
} from '@dubbo-mesh/sdk-core';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../harness/test-service.js';

/** TestService/Unary as the typed proxy gives it. */
export interface EchoClient {
  unary(request: { payload: Uint8Array }): Promise<{ payload?: Uint8Array }>;
}

/**
 * Our client to the echo server on a UDS, as an app writes it: a typed proxy over sdk-core's HTTP/2
 * transport, with its defaults unless `keepaliveTimeoutMs` is given (for diagnosing a starved peer).
 */
export function connectEchoClient(
  socketPath: string,
  keepaliveTimeoutMs?: number,
): { client: EchoClient; transport: Http2Transport } {
  const service = loadProtoService<{ unary: 'unary' }>(TEST_PROTO_PATH, TEST_SERVICE_NAME);
  const transport = createHttp2Transport(
    `unix:${socketPath}`,
    keepaliveTimeoutMs === undefined ? {} : { keepalive: { timeoutMs: keepaliveTimeoutMs } },
  );
  return { client: createClient(service, transport) as unknown as EchoClient, transport };
}

/** The payload of `bytes` bytes every footprint call sends (not all zeros, so a bad echo shows). */
export function footprintPayload(bytes: number): Buffer {
  const payload = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) payload[i] = (i * 31 + 7) & 0xff;
  return payload;
}
