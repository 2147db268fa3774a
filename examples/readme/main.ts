/**
 * The README's code, run for real: each `#region` below is a README snippet, character for
 * character (test/docs/readme-snippets.test.ts compares them), and examples/readme/main.test.ts
 * runs this file. Around the regions: the peers the snippets talk to — a Greeter provider and a
 * Java-interface provider, a file registry listing the Greeter, and our sidecar on a Unix socket.
 *
 * Run: pnpm exec tsx --conditions=source examples/readme/main.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { java } from '@dubbo-mesh/codec-triple';
import {
  createClient,
  createHttp2Transport,
  javaService,
  loadProtoService,
  withCallOptions,
} from '@dubbo-mesh/sdk-core';
import { createFatClient, createMeshClient } from '@dubbo-mesh/sdk-fat';
import { startSidecar } from '@dubbo-mesh/sidecar';
import { startHessianProvider } from '../../test/peers/hessian-provider.js';
import { startGreeterProvider } from '../quickstart/provider.js';

const dir = mkdtempSync(join(tmpdir(), 'dm-readme-'));
const greeterProto = fileURLToPath(new URL('../quickstart/greeter.proto', import.meta.url));
const greeterProvider = await startGreeterProvider('127.0.0.1:0');
const javaPeer = await startHessianProvider();
const registry = `file:${join(dir, 'providers.yaml')}`;
writeFileSync(
  join(dir, 'providers.yaml'),
  `providers:\n  - tri://${greeterProvider.address}/org.apache.dubbo.demo.Greeter?version=1.0.0&application=greeter\n`,
);
const sidecarProcess = await startSidecar({ listen: join(dir, 'sidecar.sock'), registry, log: () => {} });
const sidecar = `unix:${sidecarProcess.socketPath}`;
const javaProvider = javaPeer.address;

try {
  // #region five-lines
  const Greeter = loadProtoService(greeterProto, 'org.apache.dubbo.demo.Greeter', { version: '1.0.0' });
  const greeter = createClient(Greeter, createHttp2Transport(sidecar), { application: 'web' });
  const reply = await greeter.sayHello({ name: 'dubbo' }, { timeoutMs: 1000, attachments: { userid: '42' } });
  console.log(reply.message);
  // #endregion five-lines

  // #region java-interface
  const DemoService = javaService({
    interface: 'org.apache.dubbo.demo.DemoService',
    methods: {
      sayHello: { args: ['java.lang.String'], returns: 'java.lang.String' },
      greetUser: {
        args: [java.pojo('demo.User', { name: 'java.lang.String', age: 'int' })],
        returns: 'java.lang.String',
      },
    },
  } as const);
  const demo = createClient(DemoService, createHttp2Transport(javaProvider));
  const hello: string = await withCallOptions({ timeoutMs: 500 }, () => demo.sayHello('world'));
  const hi: string = await demo.greetUser({ name: 'Ada', age: 36 });
  console.log(hello, '/', hi);
  // #endregion java-interface

  // #region fat
  const fat = createFatClient({ application: 'web', registry }); // zookeeper://127.0.0.1:2181 or file:/path/providers.yaml
  const greeterFat = fat.client(Greeter);
  console.log((await greeterFat.sayHello({ name: 'fat' })).message);
  await fat.close();
  // #endregion fat

  // #region mesh
  const mesh = createMeshClient({ application: 'web', sidecar, registry, idempotent: ['SayHello'] });
  mesh.on('modeChange', (c) => console.log(`${c.from} -> ${c.to}: ${c.reason}`));
  const greeterMesh = mesh.client(Greeter);
  console.log((await greeterMesh.sayHello({ name: 'mesh' })).message, `(mode: ${mesh.mode})`);
  await mesh.close();
  // #endregion mesh
} finally {
  await sidecarProcess.close();
  await javaPeer.close();
  await greeterProvider.close();
  rmSync(dir, { recursive: true, force: true });
}
