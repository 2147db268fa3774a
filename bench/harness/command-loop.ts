import { createInterface } from 'node:readline';

/** A run a long-lived client child is asked for (one JSON line on its stdin). */
export interface RunCommand {
  readonly payloadBytes: number;
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

function isRunCommand(value: unknown): value is RunCommand {
  if (typeof value !== 'object' || value === null) return false;
  return ['payloadBytes', 'concurrency', 'warmupMs', 'durationMs'].every(
    (field) => typeof Reflect.get(value, field) === 'number',
  );
}

/**
 * The `--serve` side of a client child: prints `ready`, then runs each command read from stdin in
 * turn and prints one JSON line per command, `{ "error": "..." }` when it failed. Children started
 * once per scenario keep module loading out of every run (a child takes seconds to start on a loaded
 * machine) and stay warm between runs; `processCpuUs` becomes the child's CPU during the command.
 */
export async function serveCommands(run: (command: RunCommand) => Promise<object>): Promise<void> {
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const cpu0 = process.cpuUsage();
    let reply: object;
    try {
      const command: unknown = JSON.parse(line);
      if (!isRunCommand(command)) throw new TypeError(`not a run command: ${line}`);
      reply = await run(command);
      const cpu = process.cpuUsage(cpu0);
      reply = { ...reply, processCpuUs: cpu.user + cpu.system };
    } catch (err) {
      reply = { error: err instanceof Error ? err.message : String(err) };
    }
    process.stdout.write(`${JSON.stringify(reply)}\n`);
  }
}
