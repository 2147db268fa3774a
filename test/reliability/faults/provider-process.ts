import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';

const CHILD = fileURLToPath(new URL('./provider-child.ts', import.meta.url));
const READY_TIMEOUT_MS = 20_000;

/** A TestService provider in its own process, so a test can SIGKILL it mid-call. */
export interface ProviderProcess {
  /** `127.0.0.1:PORT`. */
  readonly address: string;
  readonly pid: number;
  /** Calls the provider has started, as last reported (at most ~10 ms old). */
  calls(): number;
  /** Resolves once `calls()` reaches `n`: a call is in flight on the provider. */
  untilCalls(n: number): Promise<void>;
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>;
}

/** Live children, killed if the test process exits first. */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Starts `provider-child.ts` under tsx and waits for its address line. */
export async function startProviderProcess(name: string): Promise<ProviderProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, name], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  live.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      live.delete(child);
      resolve();
    });
  });
  let calls = 0;
  let buffered = '';
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`provider ${name} not ready in time`)), READY_TIMEOUT_MS);
    void exited.then(() => reject(new Error(`provider ${name} exited before it was ready`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith('calls=')) calls = Number(line.slice('calls='.length));
        else if (line.startsWith('{')) {
          clearTimeout(timer);
          resolve((JSON.parse(line) as { address: string }).address);
        }
        newline = buffered.indexOf('\n');
      }
    });
  });
  return {
    address,
    pid: child.pid!,
    calls: () => calls,
    untilCalls: (n) =>
      vi.waitFor(
        () => {
          if (calls < n) throw new Error(`provider ${name}: ${calls} calls started, waiting for ${n}`);
        },
        { timeout: 10_000, interval: 10 },
      ),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
