import { loadProtoService } from '@dubbo-mesh/sdk-core';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../harness/test-service.js';
import { type Endpoint, targetOf } from './endpoint.js';
import { loadSdkThin } from './sdk-thin-module.js';
import { payloadOf, type UnaryCaller } from './unary-caller.js';

/**
 * Client (a) as the issue names it: our Thin client (`createThinClient`), with the echo server in
 * the sidecar's place. Over `createClient` on an HTTP/2 transport it adds a logical `:authority`,
 * `tri-consumer-appname`, a PING every second and a health check every second (the grpc-js server
 * has no health service: the checks fail, which only marks the sidecar unhealthy; calls still go).
 */
export async function connectThinClient(endpoint: Endpoint, payload: Uint8Array): Promise<UnaryCaller> {
  const { createThinClient } = await loadSdkThin();
  const service = loadProtoService<{ unary: 'unary' }>(TEST_PROTO_PATH, TEST_SERVICE_NAME);
  const thin = createThinClient({ application: 'bench', sidecar: targetOf(endpoint) });
  const client = thin.client(service);
  const request = { payload };
  return {
    call: async () => payloadOf(await client.unary(request)),
    connections: () => thin.transport.http2.channel.stats.sessionsOpened,
    close: () => thin.close(),
  };
}
