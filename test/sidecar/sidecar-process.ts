import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { assertCliBuilt, REPO_ROOT } from '../cli/run-cli.js';

const BIN = fileURLToPath(new URL('../../packages/cli/bin/dubbo-mesh.mjs', import.meta.url));
const READY_TIMEOUT_MS = 15_000;

/** A `dubbo-mesh sidecar` running in its own process, as a user runs it. */
export interface SidecarProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The socket path from the ready line. */
  readonly socketPath: string;
  /** `host:port` of `--listen-tcp`, if given. */
  readonly tcpAddress: string | undefined;
  /** `http://host:port/metrics`, if `--metrics` was given. */
  readonly metricsUrl: string | undefined;
  readonly readyLine: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null after a signal) once the process is gone. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL unless already gone; for afterAll. */
  kill(): Promise<void>;
}

/** Live children, killed if the test process exits first. */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Runs `node packages/cli/bin/dubbo-mesh.mjs sidecar ...args` and waits for its `ready` line. */
export async function startSidecarProcess(args: readonly string[]): Promise<SidecarProcess> {
  assertCliBuilt();
  const child = spawn(process.execPath, [BIN, 'sidecar', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  const readyLine = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`sidecar not ready within ${READY_TIMEOUT_MS} ms\nstdout: ${stdout}\nstderr: ${stderr}`),
      );
    }, READY_TIMEOUT_MS);
    const onData = (): void => {
      const line = stdout.split('\n').find((l) => l.includes('ready'));
      if (line === undefined) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(line);
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(`sidecar exited (${code ?? signal}) before ready\nstdout: ${stdout}\nstderr: ${stderr}`),
      );
    });
  });
  const field = (name: string): string | undefined => new RegExp(`\\b${name}=(\\S+)`).exec(readyLine)?.[1];
  return {
    child,
    pid: child.pid!,
    socketPath: field('listen')!.replace(/^unix:/, ''),
    tcpAddress: field('tcp'),
    metricsUrl: field('metrics'),
    readyLine,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs the sidecar command to completion (for commands that must fail at once). */
export function runSidecarToExit(
  args: readonly string[],
  timeoutMs = 15_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'sidecar', ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
