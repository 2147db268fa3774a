import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** The test peers' proto (package dubbomesh.test): every client and the server load the same file. */
export const TEST_PROTO_PATH = fileURLToPath(new URL('../../test/peers/proto/test.proto', import.meta.url));

export const TEST_SERVICE_NAME = 'dubbomesh.test.TestService';

export const UNARY_PATH = `/${TEST_SERVICE_NAME}/Unary`;

/**
 * How messages become JS objects on every side: the options sdk-core's protobuf serializer uses
 * (`longs: String, enums: String, defaults: true`), so no client does less decoding work than ours.
 */
export const TO_OBJECT_OPTIONS = { longs: String, enums: String, defaults: true } as const;

/** Loads TestService for @grpc/grpc-js (server and client) through proto-loader. */
export function loadTestServiceDefinition(): ServiceDefinition {
  const definition = loadSync(TEST_PROTO_PATH, { keepCase: false, ...TO_OBJECT_OPTIONS });
  const service = definition[TEST_SERVICE_NAME];
  if (service === undefined || 'format' in service) {
    throw new Error(`${TEST_SERVICE_NAME} is not a service in ${TEST_PROTO_PATH}`);
  }
  return service as ServiceDefinition;
}
