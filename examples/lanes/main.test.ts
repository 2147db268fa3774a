/** Runs the lanes example as a user would, so it cannot rot: both modes, every lane where it belongs. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

it('runs the lanes example: dev-alice reaches B-dev-alice two hops away, others the baseline', async () => {
  const { stdout } = await promisify(execFile)(
    'pnpm',
    ['exec', 'tsx', '--conditions=source', 'examples/lanes/main.ts'],
    { cwd: root, timeout: 60_000 },
  );
  for (const mode of ['fat', 'thin']) {
    expect(stdout).toMatch(new RegExp(`\\[${mode}\\] \\(no lane\\) +edge -> A -> B-baseline {2}x6\\n`));
    expect(stdout).toMatch(
      new RegExp(`\\[${mode}\\] x-asm-prefer-tag: dev-alice +edge -> A -> B-dev-alice {2}x6\\n`),
    );
    expect(stdout).toMatch(
      new RegExp(`\\[${mode}\\] x-asm-prefer-tag: dev-bob +edge -> A -> B-baseline {2}x6\\n`),
    );
    expect(stdout).toContain(`[${mode}] served: B-baseline 12, B-dev-alice 6`);
  }
}, 60_000);
