/** Runs the README's code (examples/readme/main.ts) against real peers: a Greeter, a Java-interface provider, our sidecar. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

it('runs every README snippet: Thin through the sidecar, a Java interface, Fat, the mesh client', async () => {
  const { stdout } = await promisify(execFile)(
    'pnpm',
    ['exec', 'tsx', '--conditions=source', 'examples/readme/main.ts'],
    { cwd: root, timeout: 60_000 },
  );
  expect(stdout.split('\n').filter(Boolean)).toEqual([
    'Hello dubbo, from a provider that saw app "web"',
    'Hello world / Hi Ada (36)',
    'Hello fat, from a provider that saw app "web"',
    'Hello mesh, from a provider that saw app "web" (mode: thin)',
  ]);
}, 60_000);
