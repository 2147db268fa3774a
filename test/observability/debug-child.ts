/**
 * Run by debug-env.test.ts in a child process: one call to the grpc-js peer at argv[2] with no
 * logger given, so whatever reaches stderr came from `DUBBO_MESH_DEBUG` alone.
 */
import { fileURLToPath } from 'node:url';
import { createClient, createHttp2Transport, loadProtoService } from '@dubbo-mesh/sdk-core';

const address = process.argv[2];
if (address === undefined) throw new Error('usage: debug-child.ts <host:port>');
const TestService = loadProtoService<{ unary: 'unary' }>(
  fileURLToPath(new URL('../peers/proto/test.proto', import.meta.url)),
  'dubbomesh.test.TestService',
);
const transport = createHttp2Transport(address);
const client = createClient(TestService, transport);
await client.unary({ message: 'debug' }, { attachments: { authorization: 'Bearer child-secret' } });
await transport.close();
console.log('child done');
