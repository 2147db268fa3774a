import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { killGroup, trackGroup, untrackGroup } from './process-group.js';
import { releaseSocketPath } from './temp-socket.js';
import { waitForSocket } from './wait-for-socket.js';

/** A proxy (nginx, HAProxy) listening on a Unix socket in front of an upstream. */
export interface ProxyPeer {
  readonly socketPath: string;
  readonly pid: number;
  /** SIGTERM, SIGKILL to the whole process group after 3 s; removes the temp dir and socket. */
  close(): Promise<void>;
}

export interface ProxyProcessOptions {
  /** For messages: 'nginx', 'haproxy'. */
  name: string;
  command: string;
  args: string[];
  socketPath: string;
  /** Holds the config and logs; removed on close. */
  tempDir: string;
  /** Files whose content is added to a start-up error (e.g. nginx's error_log). */
  logFiles?: string[];
}

const READY_TIMEOUT_MS = 10_000;
const KILL_AFTER_MS = 3_000;
const MAX_CAPTURED_OUTPUT = 64 * 1024;

function readLog(path: string): string {
  try {
    return `--- ${path}\n${readFileSync(path, 'utf8')}`;
  } catch {
    return `--- ${path}: (not written)`;
  }
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Runs a proxy in the foreground in its own process group, and resolves once its socket accepts
 * connections (or rejects within 10 s with its output and log files).
 */
export async function startProxyProcess(options: ProxyProcessOptions): Promise<ProxyPeer> {
  const { name, socketPath, tempDir } = options;
  const child = spawn(options.command, options.args, {
    cwd: tempDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const capture = (chunk: Buffer): void => {
    if (output.length < MAX_CAPTURED_OUTPUT) output += chunk.toString('utf8');
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const pid = child.pid;
      if (pid !== undefined && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), KILL_AFTER_MS);
        await waitForExit(child);
        clearTimeout(timer);
      }
      // Workers of a master that died abruptly would otherwise linger.
      if (pid !== undefined) {
        killGroup(pid, 'SIGKILL');
        untrackGroup(pid);
      }
      rmSync(tempDir, { recursive: true, force: true });
      releaseSocketPath(socketPath);
    })();
    return closing;
  };

  const pid = child.pid;
  if (pid !== undefined) {
    trackGroup(pid);
  }
  const describe = (): string =>
    [`${name} output:`, output || '(none)', ...(options.logFiles ?? []).map(readLog)].join('\n');
  try {
    await waitForSocket(socketPath, {
      timeoutMs: READY_TIMEOUT_MS,
      describe,
      failed: () => {
        if (spawnError) return `${name} could not start: ${spawnError.message}`;
        if (child.exitCode !== null || child.signalCode !== null) {
          return `${name} exited before listening (code ${child.exitCode}, signal ${child.signalCode})`;
        }
        return undefined;
      },
    });
  } catch (err) {
    await close();
    throw err;
  }
  if (pid === undefined) throw new Error(`${name} has no pid`);
  return { socketPath, pid, close };
}
