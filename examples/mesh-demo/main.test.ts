/** Runs the mesh demo as the README's demo command does, so it cannot rot. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

it('keeps every call flowing while the sidecar is killed and restarted', async () => {
  const { stdout } = await promisify(execFile)(
    'pnpm',
    ['exec', 'tsx', '--conditions=source', 'examples/mesh-demo/main.ts'],
    { cwd: root, timeout: 90_000 },
  );
  expect(stdout).toMatch(/sidecar ready on unix:/);
  expect(stdout).toMatch(/-- killing the sidecar/);
  expect(stdout).toMatch(/switch at [\d.]+ s: thin -> fat/);
  expect(stdout).toMatch(/\| \d+ \| 0 \| \d+ \|/); // summary row: zero failed calls
  // After the kill some whole second runs entirely on the Fat path.
  expect(stdout).toMatch(/-- killing the sidecar[\s\S]*\nt=\s*\d+s .* mode fat /);
}, 90_000);
