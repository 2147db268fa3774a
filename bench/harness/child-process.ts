import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where `taskset` lives, if this machine has it. */
export function findTaskset(): string | undefined {
  return ['/usr/bin/taskset', '/bin/taskset'].find((path) => existsSync(path));
}

export interface NodeChildOptions {
  /** Script and its arguments. */
  args: readonly string[];
  /** Extra flags for node before the script (e.g. `--conditions=source`). */
  nodeFlags?: readonly string[];
  /** Pin to this CPU core with taskset. */
  core?: number;
  taskset?: string;
  cwd: string;
  /** `pipe` to send the child commands (harness/client-session.ts); default ignored. */
  stdin?: 'ignore' | 'pipe';
}

/**
 * Starts `node --import tsx <script>`: tsx only transpiles the benchmark's own files as they load;
 * packages resolve to their built dist unless `--conditions=source` is passed. stderr is shared
 * with the parent (progress and errors show up as they happen), stdout is piped for results.
 */
export function spawnNode(options: NodeChildOptions): ChildProcess {
  const nodeArgs = ['--import', 'tsx', ...(options.nodeFlags ?? []), ...options.args];
  const [command, args] =
    options.core !== undefined && options.taskset !== undefined
      ? [options.taskset, ['-c', String(options.core), process.execPath, ...nodeArgs]]
      : [process.execPath, nodeArgs];
  return spawn(command, args, { cwd: options.cwd, stdio: [options.stdin ?? 'ignore', 'pipe', 'inherit'] });
}

/** Resolves when the child prints `line` on stdout; rejects if it exits first or takes too long. */
export function waitForLine(child: ChildProcess, line: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => done(new Error(`no "${line}" within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString();
      if (buffered.split('\n').includes(line)) done(undefined);
    };
    const onExit = (code: number | null): void => done(new Error(`exited (code ${code}) before "${line}"`));
    function done(error: Error | undefined): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Runs a child to completion and returns its last non-empty stdout line; kills it after `timeoutMs`. */
export function lastLineOf(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`client did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').at(-1);
      if (code !== 0 || last === undefined || last === '') {
        reject(new Error(`client exited with code ${code}${last ? `: ${last}` : ''}`));
      } else {
        resolve(last);
      }
    });
  });
}
