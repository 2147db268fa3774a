import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** Absolute path of proto/test.proto (package dubbomesh.test). */
export const TEST_PROTO_PATH = fileURLToPath(new URL('./proto/test.proto', import.meta.url));

export const TEST_SERVICE_NAME = 'dubbomesh.test.TestService';

/**
 * Options shared by the peer and by test clients. keepCase stays false (the proto-loader default),
 * so message fields are lowerCamelCase in JS: see echo-messages.ts.
 */
export const TEST_PROTO_LOADER_OPTIONS = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
} as const;

/** Loads dubbomesh.test.TestService from proto/test.proto. */
export function loadTestServiceDefinition(): ServiceDefinition {
  const packageDefinition = loadSync(TEST_PROTO_PATH, TEST_PROTO_LOADER_OPTIONS);
  const service = packageDefinition[TEST_SERVICE_NAME];
  if (service === undefined || 'format' in service) {
    throw new Error(`${TEST_SERVICE_NAME} is not a service in ${TEST_PROTO_PATH}`);
  }
  return service as ServiceDefinition;
}
