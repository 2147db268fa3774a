import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnNode } from './child-process.js';

const SERVER_SCRIPT = fileURLToPath(new URL('../servers/grpc-echo-server.ts', import.meta.url));
/** Where the children run: the repository root, so `tsx` and the workspace resolve as in `pnpm bench`. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The @grpc/grpc-js echo server (servers/grpc-echo-server.ts) running in its own process. */
export interface EchoServerProcess {
  readonly socketPath: string;
  /** Loopback h2c port when started with `tcp: true`. */
  readonly port: number | undefined;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

function readUntilReady(child: ChildProcess, timeoutMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => finish(new Error(`echo server not ready within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      if (lines.includes('ready')) finish(undefined, lines);
    };
    const onExit = (code: number | null): void => finish(new Error(`echo server exited (code ${code})`));
    function finish(error: Error | undefined, lines: string[] = []): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(lines);
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Starts the echo server on a fresh Unix socket (and loopback TCP with `tcp`). */
export async function startEchoServer(options: { tcp?: boolean } = {}): Promise<EchoServerProcess> {
  const dir = mkdtempSync(join(os.tmpdir(), 'dubbo-mesh-bench-'));
  const socketPath = join(dir, 'echo.sock');
  const child = spawnNode({
    args: [SERVER_SCRIPT, socketPath, ...(options.tcp ? ['--tcp'] : [])],
    cwd: REPO_ROOT,
  });
  let lines: string[];
  try {
    lines = await readUntilReady(child, 60_000);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const portLine = lines.find((line) => line.startsWith('port '));
  return {
    socketPath,
    port: portLine === undefined ? undefined : Number(portLine.slice('port '.length)),
    pid: child.pid,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
