import type { ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { spawnNode, waitForLine } from './child-process.js';
import type { RunCommand } from './command-loop.js';
import { ForeignLoadMeter } from './foreign-load.js';
import { type ClientRunResult, parseClientRunResult } from './run-result.js';

/** One run as a client child reported it, with the CPU other processes took meanwhile. */
export interface MeasuredRun extends ClientRunResult {
  /** Cores other processes kept busy during the run (undefined off Linux). */
  readonly otherLoadCores: number | undefined;
  /** Extra numbers the child reported (e.g. `messagesPerStream`). */
  readonly extra: Readonly<Record<string, number>>;
}

export interface ClientSessionOptions {
  /** The child script (bench/clients/unary-client.ts or stream-client.ts) and its arguments, `--serve` added here. */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly nodeFlags?: readonly string[];
  /** The server's pid, so its CPU is not counted as other load. */
  readonly serverPid: number | undefined;
}

/**
 * A long-lived client child (`--serve`): started and warmed once per scenario, then asked for runs
 * one at a time. Only one session runs at a time, so the other clients sit idle while one measures.
 */
export class ClientSession {
  private readonly lines: Interface;
  private readonly pending: ((line: string) => void)[] = [];
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly serverPid: number | undefined,
  ) {
    this.lines = createInterface({ input: child.stdout! });
    this.lines.on('line', (line) => this.pending.shift()?.(line));
    child.once('exit', () => {
      this.exited = true;
      for (const waiter of this.pending.splice(0)) waiter('{"error":"client child exited"}');
    });
  }

  /** Starts the child and waits until it has loaded its client (`ready`). */
  static async start(options: ClientSessionOptions, timeoutMs = 60_000): Promise<ClientSession> {
    const child = spawnNode({
      args: [...options.args, '--serve'],
      nodeFlags: options.nodeFlags,
      cwd: options.cwd,
      stdin: 'pipe',
    });
    try {
      await waitForLine(child, 'ready', timeoutMs);
    } catch (err) {
      child.kill('SIGKILL');
      throw err;
    }
    return new ClientSession(child, options.serverPid);
  }

  /** One measured run; throws when the child reports an error or calls failed. */
  async run(command: RunCommand): Promise<MeasuredRun> {
    if (this.exited) throw new Error('client child has exited');
    const meter = new ForeignLoadMeter(this.serverPid);
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('client child did not answer in time')),
        command.warmupMs + command.durationMs + 60_000,
      );
      this.pending.push((answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.child.stdin?.write(`${JSON.stringify(command)}\n`);
    });
    const raw: unknown = JSON.parse(line);
    const error = typeof raw === 'object' && raw !== null ? Reflect.get(raw, 'error') : undefined;
    if (typeof error === 'string') throw new Error(error);
    const result = parseClientRunResult(line);
    if (result.errors > 0) throw new Error(`${result.errors} calls failed, first: ${result.firstError}`);
    const extra: Record<string, number> = {};
    const messagesPerStream = Reflect.get(raw as object, 'messagesPerStream');
    if (typeof messagesPerStream === 'number') extra.messagesPerStream = messagesPerStream;
    return { ...result, otherLoadCores: meter.stop(result.processCpuUs), extra };
  }

  /** Ends the child: stdin closed lets it finish; a kill follows if it lingers. */
  async close(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin?.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
}

/** Starts one session per kind, in parallel (start-up is most of a child's cost), closing all if one fails. */
export async function startSessions<K extends string>(
  kinds: readonly K[],
  optionsFor: (kind: K) => ClientSessionOptions,
): Promise<Map<K, ClientSession>> {
  const settled = await Promise.allSettled(kinds.map((kind) => ClientSession.start(optionsFor(kind))));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed !== undefined) {
    await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.close() : undefined)));
    throw failed.reason;
  }
  return new Map(
    kinds.map((kind, i) => [kind, (settled[i] as PromiseFulfilledResult<ClientSession>).value] as const),
  );
}

/** Closes every session. */
export async function closeSessions(sessions: ReadonlyMap<string, ClientSession>): Promise<void> {
  await Promise.all([...sessions.values()].map((s) => s.close()));
}
