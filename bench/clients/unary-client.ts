/**
 * One client child of a benchmark run: connects one client kind to the echo server, checks one
 * echo, runs the closed loop and prints its ClientRunResult as JSON on the last stdout line.
 *
 * node --import tsx bench/clients/unary-client.ts --kind ours --socket /abs.sock --payload-bytes 8 \
 *   (or --endpoint unix:/abs.sock | --endpoint 127.0.0.1:PORT; kinds: ours thin grpc-js h2 dubbo-js undici)
 *   [--concurrency 50] [--warmup-ms 1000] [--duration-ms 4000] [--profile out.cpuprofile]
 * node --import tsx bench/clients/unary-client.ts --kind thin --endpoint unix:/abs.sock --serve
 *   (one run per JSON line on stdin, one result line each: harness/command-loop.ts)
 */
import { parseArgs } from 'node:util';
import { runClosedLoop } from '../harness/closed-loop.js';
import { type RunCommand, serveCommands } from '../harness/command-loop.js';
import type { ClientRunResult } from '../harness/run-result.js';
import { WindowProfiler } from '../harness/window-profiler.js';
import { connectDubboJsClient } from './dubbo-js-client.js';
import { type Endpoint, parseEndpoint } from './endpoint.js';
import { connectGrpcJsClient } from './grpc-js-client.js';
import { connectHandWrittenH2Client } from './hand-written-h2-client.js';
import { connectOurClient } from './our-client.js';
import { connectThinClient } from './thin-client.js';
import { CLIENT_KINDS, type ClientKind, isClientKind, type UnaryCaller } from './unary-caller.js';
import { connectUndiciH2cClient } from './undici-h2c-client.js';

const { values } = parseArgs({
  options: {
    kind: { type: 'string' },
    socket: { type: 'string' },
    endpoint: { type: 'string' },
    'payload-bytes': { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '50' },
    'warmup-ms': { type: 'string', default: '1000' },
    'duration-ms': { type: 'string', default: '4000' },
    profile: { type: 'string' },
    /** Stay up and run the commands read from stdin (harness/command-loop.ts). */
    serve: { type: 'boolean', default: false },
    'profile-interval-us': { type: 'string', default: '200' },
  },
});

function positiveInt(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new TypeError(`--${name} must be a non-negative integer, got ${text}`);
  return n;
}

async function connect(kind: ClientKind, endpoint: Endpoint, payload: Uint8Array): Promise<UnaryCaller> {
  switch (kind) {
    case 'ours':
      return connectOurClient(endpoint, payload);
    case 'thin':
      return connectThinClient(endpoint, payload);
    case 'grpc-js':
      return connectGrpcJsClient(endpoint, payload);
    case 'h2':
      return connectHandWrittenH2Client(endpoint, payload);
    case 'h2-direct':
      return connectHandWrittenH2Client(endpoint, payload, 'direct');
    case 'dubbo-js':
      return connectDubboJsClient(endpoint, payload);
    case 'undici':
      return connectUndiciH2cClient(endpoint, payload);
  }
}

/** Connects a fresh client for the payload, checks one echo, runs the closed loop. */
async function runOnce(
  kind: ClientKind,
  endpoint: Endpoint,
  command: RunCommand,
  profiler?: WindowProfiler,
): Promise<ClientRunResult> {
  // Not all zeros, so an echo that drops or truncates bytes is caught.
  const payload = Buffer.alloc(command.payloadBytes);
  for (let i = 0; i < command.payloadBytes; i++) payload[i] = (i * 31 + 7) & 0xff;
  const caller = await connect(kind, endpoint, payload);

  const echoed = await caller.call();
  if (!Buffer.from(echoed.buffer, echoed.byteOffset, echoed.byteLength).equals(payload)) {
    throw new Error(`${kind}: the echoed payload differs from the one sent (${echoed.length} bytes back)`);
  }
  const loop = await runClosedLoop(() => caller.call(), {
    concurrency: command.concurrency,
    warmupMs: command.warmupMs,
    durationMs: command.durationMs,
    beforeWindow: profiler && (() => profiler.start()),
    afterWindow: profiler && (() => profiler.stop()),
  });
  const result: ClientRunResult = {
    kind,
    payloadBytes: command.payloadBytes,
    concurrency: command.concurrency,
    connections: caller.connections(),
    processCpuUs: 0,
    ...loop,
  };
  await caller.close();
  return result;
}

async function main(): Promise<void> {
  const kind = values.kind ?? '';
  if (!isClientKind(kind))
    throw new TypeError(`--kind must be one of ${CLIENT_KINDS.join(', ')}, got "${kind}"`);
  const target = values.endpoint ?? values.socket;
  if (target === undefined) throw new TypeError('--endpoint (or --socket) is required');
  const endpoint = parseEndpoint(target);
  // The harness holds the process open itself: whether a client refs its connection while a call
  // is in flight is the client's business (sdk-core before 8a0704d did not: the process exited).
  const keepAlive = setInterval(() => {}, 60_000);
  if (values.serve) {
    await serveCommands((command) => runOnce(kind, endpoint, command));
    clearInterval(keepAlive);
    return;
  }
  const profiler =
    values.profile === undefined
      ? undefined
      : new WindowProfiler(values.profile, positiveInt('profile-interval-us', values['profile-interval-us']));
  const result = await runOnce(
    kind,
    endpoint,
    {
      payloadBytes: positiveInt('payload-bytes', values['payload-bytes']),
      concurrency: positiveInt('concurrency', values.concurrency),
      warmupMs: positiveInt('warmup-ms', values['warmup-ms']),
      durationMs: positiveInt('duration-ms', values['duration-ms']),
    },
    profiler,
  );
  clearInterval(keepAlive);
  const cpu = process.cpuUsage();
  result.processCpuUs = cpu.user + cpu.system;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `unary-client: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
