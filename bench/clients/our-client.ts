import { createClient, createHttp2Transport, loadProtoService } from '@dubbo-mesh/sdk-core';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../harness/test-service.js';
import { type Endpoint, targetOf } from './endpoint.js';
import { payloadOf, type UnaryCaller } from './unary-caller.js';

/** Client (a): what a user of this SDK writes. */
export function connectOurClient(endpoint: Endpoint, payload: Uint8Array): UnaryCaller {
  const service = loadProtoService<{ unary: 'unary' }>(TEST_PROTO_PATH, TEST_SERVICE_NAME);
  const transport = createHttp2Transport(targetOf(endpoint));
  const client = createClient(service, transport);
  const request = { payload };
  return {
    call: async () => payloadOf(await client.unary(request)),
    connections: () => transport.channel.stats.sessionsOpened,
    close: () => transport.close(),
  };
}
