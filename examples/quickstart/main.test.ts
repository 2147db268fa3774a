/** Runs the quickstart exactly as the README's demo command does, so the demo cannot rot. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

it('runs the quickstart: unary, server stream, error, 2000 calls', async () => {
  const { stdout } = await promisify(execFile)(
    'pnpm',
    ['exec', 'tsx', '--conditions=source', 'examples/quickstart/main.ts'],
    { cwd: root, timeout: 60_000 },
  );
  expect(stdout).toMatch(/provider listening on unix:/);
  expect(stdout).toMatch(
    /unary {9}-> \{"message":"Hello dubbo, from a provider that saw app \\"quickstart\\""/,
  );
  expect(stdout.match(/server stream -> /g)).toHaveLength(3);
  expect(stdout).toMatch(/error {9}-> INVALID_ARGUMENT: name is required/);
  expect(stdout).toMatch(/load {10}-> 2000 calls in/);
}, 60_000);
