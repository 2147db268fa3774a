/**
 * Quickstart: start a Greeter provider on a Unix socket, then call it through the dubbo-mesh SDK
 * (typed client, Triple over HTTP/2): a unary call, a server stream, an error and a deadline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, createHttp2Transport, loadProtoService, RpcError } from '@dubbo-mesh/sdk-core';
import { startGreeterProvider } from './provider.js';

const dir = mkdtempSync(join(tmpdir(), 'dubbo-mesh-demo-'));
const address = `unix:${join(dir, 'greeter.sock')}`;
const provider = await startGreeterProvider(address);
console.log(`provider listening on ${address}`);

// Methods loaded at run time are typed unary unless their kinds are named (generated code needs neither).
const Greeter = loadProtoService<{ sayHello: 'unary'; sayHelloStream: 'server_streaming' }>(
  fileURLToPath(new URL('./greeter.proto', import.meta.url)),
  'org.apache.dubbo.demo.Greeter',
);
const transport = createHttp2Transport(address);
const greeter = createClient(Greeter, transport, { application: 'quickstart' });

try {
  const reply = await greeter.sayHello({ name: 'dubbo' }, { timeoutMs: 2000 });
  console.log('unary         ->', JSON.stringify(reply));

  for await (const message of greeter.sayHelloStream({ name: 'stream' })) {
    console.log('server stream ->', JSON.stringify(message));
  }

  try {
    await greeter.sayHello({ name: '' });
  } catch (err) {
    // Every failure is an RpcError with a gRPC code; the provider's message comes through intact.
    if (!(err instanceof RpcError)) throw err;
    console.log(`error         -> ${err.codeName}: ${err.rawMessage}`);
  }

  const started = performance.now();
  let ok = 0;
  await Promise.all(
    Array.from({ length: 2000 }, async (_, i) => {
      await greeter.sayHello({ name: `n${i}` });
      ok++;
    }),
  );
  const ms = performance.now() - started;
  console.log(
    `load          -> ${ok} calls in ${ms.toFixed(0)} ms (${Math.round((ok / ms) * 1000)} calls/s)`,
  );
} finally {
  await transport.close();
  await provider.close();
  rmSync(dir, { recursive: true, force: true });
}
