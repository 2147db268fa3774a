/**
 * Child processes of the sidecar and footprint scenarios: a node script started with tsx, whose
 * stdout is read line by line (a `ready ...` line, window markers, a JSON report on the last line).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: children run from here so `@dubbo-mesh/*` and tsx resolve. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A running child and the lines it printed on stdout so far. */
export interface NodeChild {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the first stdout line that contains `text` (rejects if the child exits first). */
  line(text: string, timeoutMs: number): Promise<string>;
  /** Resolves with the last non-empty stdout line once the child exited with code 0. */
  lastLine(timeoutMs: number): Promise<string>;
  /** SIGTERM, then SIGKILL after 3 s; resolves once it is gone. */
  stop(): Promise<void>;
}

/** Live children, killed if this process exits first. */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface NodeChildOptions {
  /** Flags for node before the script, e.g. `--expose-gc`, `--cpu-prof`. */
  readonly nodeFlags?: readonly string[];
  /** Load tsx (for .ts scripts); default true. Plain JS (the CLI's bin) runs without it. */
  readonly tsx?: boolean;
}

/** Starts `node [nodeFlags] [--import tsx] <script> [...args]` from the repository root. */
export function startNodeChild(
  script: URL,
  args: readonly string[],
  options: NodeChildOptions = {},
): NodeChild {
  const loader = options.tsx === false ? [] : ['--import', 'tsx'];
  const child = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), ...loader, fileURLToPath(script), ...args],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  live.add(child);
  const lines: string[] = [];
  let partial = '';
  const waiters = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts.filter((l) => l.trim() !== ''));
    for (const wake of waiters) wake();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child);
      if (partial.trim() !== '') lines.push(partial);
      for (const wake of waiters) wake();
      resolve(code);
    }),
  );
  const isGone = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const waitFor = <T>(check: () => T | undefined, what: string, timeoutMs: number): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
      const wake = (): void => {
        const found = check();
        if (found !== undefined) finish(undefined, found);
        else if (isGone()) finish(new Error(`child exited (code ${child.exitCode}) before ${what}`));
      };
      function finish(error: Error | undefined, value?: T): void {
        clearTimeout(timer);
        waiters.delete(wake);
        if (error) reject(error);
        else resolve(value as T);
      }
      waiters.add(wake);
      wake();
    });
  return {
    child,
    pid: child.pid!,
    line: (text, timeoutMs) =>
      waitFor(() => lines.find((l) => l.includes(text)), `"${text}" line`, timeoutMs),
    lastLine: async (timeoutMs) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      const last = lines.at(-1);
      if (code !== 0 || last === undefined)
        throw new Error(`child exited with code ${code}: ${last ?? '(no output)'}`);
      return last;
    },
    async stop() {
      if (isGone()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
