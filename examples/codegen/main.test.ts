/** Runs the codegen example as its header says, so it cannot rot. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

it('calls all four kinds through a generated client, int64 exact', async () => {
  const { stdout } = await promisify(execFile)(
    'pnpm',
    ['exec', 'tsx', '--conditions=source', 'examples/codegen/main.ts'],
    { cwd: root, timeout: 60_000 },
  );
  expect(stdout).toMatch(
    /unary {9}-> #9007199254740993 STATUS_PLACED 1 line\(s\), pickup at Hangzhou West Lake/,
  );
  expect(stdout.match(/server stream -> #\d STATUS_PLACED/g)).toHaveLength(2);
  expect(stdout).toMatch(/client stream -> 2 orders, 5000 CNY minor units/);
  expect(stdout).toMatch(/bidi stream {3}-> #7 STATUS_SHIPPED/);
  expect(stdout).toMatch(/bidi stream {3}-> #8 STATUS_SHIPPED/);
}, 60_000);
