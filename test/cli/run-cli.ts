import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository root: the command runs from there, as cli.md says users run it. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../packages/cli/bin/dubbo-mesh.mjs', import.meta.url));
const DIST_MAIN = fileURLToPath(new URL('../../packages/cli/dist/esm/main.js', import.meta.url));

/** Absolute path of the TestService proto the grpc-js peer serves. */
export const TEST_PROTO = fileURLToPath(new URL('../peers/proto/test.proto', import.meta.url));

/** For `beforeAll`: these tests drive the built binary, so a missing build must say so, not time out. */
export function assertCliBuilt(): void {
  if (!existsSync(DIST_MAIN)) {
    throw new Error(
      `${DIST_MAIN} is missing: run \`pnpm build\` first (test/cli runs the built dubbo-mesh binary)`,
    );
  }
}

export interface CliRun {
  /** The exit code (null if killed by a signal). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node packages/cli/bin/dubbo-mesh.mjs ...args` as a child process, as a user would. Asynchronous on
 * purpose: the peers run in this process and must keep answering while the command waits.
 */
export function runCli(args: readonly string[], timeoutMs = 20_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Each non-empty line of `text`, parsed as JSON; a line that is not JSON fails loudly. */
export function jsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new Error(`not a JSON line: ${JSON.stringify(line)}`);
      }
    });
}

/** `127.0.0.1:PORT` where nothing listens: a port just bound and released. */
export async function deadEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return `127.0.0.1:${address.port}`;
}
