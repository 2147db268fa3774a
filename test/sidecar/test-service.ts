import { fileURLToPath } from 'node:url';
import { loadProtoService, RpcError } from '@dubbo-mesh/sdk-core';

/** dubbomesh.test.TestService (peers/proto/test.proto) as an sdk-core descriptor. */
export const TEST_SERVICE = 'dubbomesh.test.TestService';
const protoPath = fileURLToPath(new URL('../peers/proto/test.proto', import.meta.url));

type TestKinds = {
  unary: 'unary';
  serverStream: 'server_streaming';
  clientStream: 'client_streaming';
  bidi: 'bidi_streaming';
};

export function testService(key: { version?: string; group?: string } = {}) {
  return loadProtoService<TestKinds>(protoPath, TEST_SERVICE, key);
}

/** The RpcError a call failed with; fails the test when it succeeded. */
export async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof RpcError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}
