/**
 * One client child of the streaming scenario: connects one kind to the echo server, runs ServerStream
 * calls (each `--messages` messages of `--payload-bytes`) with `--concurrency` streams open at all
 * times, and prints its result as JSON on the last stdout line: the closed loop's numbers per stream,
 * plus `messagesPerStream`, so messages/s = rps x messagesPerStream.
 *
 * node --import tsx bench/clients/stream-client.ts --kind thin --endpoint unix:/abs.sock \
 *   [--payload-bytes 1024] [--messages 100] [--concurrency 4] [--warmup-ms 500] [--duration-ms 1500]
 *   [--serve: one run per JSON line on stdin instead, harness/command-loop.ts]
 */
import { parseArgs } from 'node:util';
import { runClosedLoop } from '../harness/closed-loop.js';
import { type RunCommand, serveCommands } from '../harness/command-loop.js';
import { parseEndpoint } from './endpoint.js';
import { connectStreamCaller, STREAM_CLIENT_KINDS, type StreamClientKind } from './stream-callers.js';

const { values } = parseArgs({
  options: {
    kind: { type: 'string' },
    endpoint: { type: 'string' },
    'payload-bytes': { type: 'string', default: '1024' },
    messages: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '4' },
    'warmup-ms': { type: 'string', default: '500' },
    'duration-ms': { type: 'string', default: '1500' },
    /** Stay up and run the commands read from stdin (harness/command-loop.ts). */
    serve: { type: 'boolean', default: false },
  },
});

function count(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new TypeError(`--${name} must be a non-negative integer, got ${text}`);
  return n;
}

function isStreamKind(kind: string): kind is StreamClientKind {
  return (STREAM_CLIENT_KINDS as readonly string[]).includes(kind);
}

async function main(): Promise<void> {
  const kind = values.kind ?? '';
  if (!isStreamKind(kind)) throw new TypeError(`--kind must be one of ${STREAM_CLIENT_KINDS.join(', ')}`);
  const endpoint = parseEndpoint(values.endpoint ?? '');
  const messagesPerStream = count('messages', values.messages);
  const keepAlive = setInterval(() => {}, 60_000);
  const runOnce = async (command: RunCommand): Promise<object> => {
    const payload = Buffer.alloc(command.payloadBytes, 0x5a);
    const caller = await connectStreamCaller(kind, endpoint, payload, messagesPerStream);
    const first = await caller.call();
    if (first !== messagesPerStream)
      throw new Error(`${kind}: ${first} messages instead of ${messagesPerStream}`);
    const loop = await runClosedLoop(async () => {
      const received = await caller.call();
      if (received !== messagesPerStream)
        throw new Error(`${received} messages instead of ${messagesPerStream}`);
    }, command);
    await caller.close();
    return {
      kind,
      payloadBytes: command.payloadBytes,
      concurrency: command.concurrency,
      connections: 1,
      messagesPerStream,
      ...loop,
    };
  };
  if (values.serve) {
    await serveCommands(runOnce);
  } else {
    const result = await runOnce({
      payloadBytes: count('payload-bytes', values['payload-bytes']),
      concurrency: count('concurrency', values.concurrency),
      warmupMs: count('warmup-ms', values['warmup-ms']),
      durationMs: count('duration-ms', values['duration-ms']),
    });
    const cpu = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ ...result, processCpuUs: cpu.user + cpu.system })}\n`);
  }
  clearInterval(keepAlive);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `stream-client: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
