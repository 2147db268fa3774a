/** `DUBBO_MESH_DEBUG=channel` in a child process prints channel trace lines to stderr, with no logger given. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let peer: GrpcPeer;

beforeAll(async () => {
  peer = await startGrpcServer({ name: 'debug-peer' });
});
afterAll(() => peer?.close());

async function runChild(debug: string | undefined): Promise<{ stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DUBBO_MESH_DEBUG;
  if (debug !== undefined) env.DUBBO_MESH_DEBUG = debug;
  return promisify(execFile)(
    'pnpm',
    ['exec', 'tsx', '--conditions=source', 'test/observability/debug-child.ts', peer.address],
    { cwd: root, env, timeout: 40_000 },
  );
}

it('prints connect and close lines for the channel namespace, and no secrets', async () => {
  const { stdout, stderr } = await runChild('channel');
  expect(stdout).toContain('child done');
  const lines = stderr.split('\n').filter((line) => line.includes(' dubbo-mesh:channel '));
  expect(
    lines.some((line) => / dubbo-mesh:channel debug connecting \{"endpoint":"127\.0\.0\.1:\d+"/.test(line)),
  ).toBe(true);
  expect(lines.some((line) => / dubbo-mesh:channel info connected /.test(line))).toBe(true);
  expect(lines.some((line) => / dubbo-mesh:channel debug channel closed /.test(line))).toBe(true);
  expect(stderr).not.toContain('child-secret');
}, 60_000);

it('prints nothing when the variable is unset or names other namespaces', async () => {
  const unset = await runChild(undefined);
  const other = await runChild('router,registry');
  expect(unset.stdout).toContain('child done');
  expect(unset.stderr).not.toContain('dubbo-mesh:');
  expect(other.stderr).not.toContain('dubbo-mesh:');
}, 60_000);
