/**
 * One client child of a benchmark run: connects one client kind to the echo server, checks one
 * echo, runs the closed loop and prints its ClientRunResult as JSON on the last stdout line.
 *
 * node --import tsx bench/clients/unary-client.ts --kind ours --socket /abs.sock --payload-bytes 8 \
 *   [--concurrency 50] [--warmup-ms 1000] [--duration-ms 4000] [--profile out.cpuprofile]
 */
import { parseArgs } from 'node:util';
import { runClosedLoop } from '../harness/closed-loop.js';
import type { ClientRunResult } from '../harness/run-result.js';
import { WindowProfiler } from '../harness/window-profiler.js';
import { connectGrpcJsClient } from './grpc-js-client.js';
import { connectHandWrittenH2Client } from './hand-written-h2-client.js';
import { connectOurClient } from './our-client.js';
import { type ClientKind, isClientKind, type UnaryCaller } from './unary-caller.js';

const { values } = parseArgs({
  options: {
    kind: { type: 'string' },
    socket: { type: 'string' },
    'payload-bytes': { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '50' },
    'warmup-ms': { type: 'string', default: '1000' },
    'duration-ms': { type: 'string', default: '4000' },
    profile: { type: 'string' },
    'profile-interval-us': { type: 'string', default: '200' },
  },
});

function positiveInt(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new TypeError(`--${name} must be a non-negative integer, got ${text}`);
  return n;
}

function connect(kind: ClientKind, socketPath: string, payload: Uint8Array): UnaryCaller {
  switch (kind) {
    case 'ours':
      return connectOurClient(socketPath, payload);
    case 'grpc-js':
      return connectGrpcJsClient(socketPath, payload);
    case 'h2':
      return connectHandWrittenH2Client(socketPath, payload);
  }
}

async function main(): Promise<void> {
  const kind = values.kind ?? '';
  if (!isClientKind(kind)) throw new TypeError(`--kind must be ours, grpc-js or h2, got "${kind}"`);
  const socketPath = values.socket;
  if (socketPath === undefined) throw new TypeError('--socket is required');
  const payloadBytes = positiveInt('payload-bytes', values['payload-bytes']);
  const concurrency = positiveInt('concurrency', values.concurrency);

  // Not all zeros, so an echo that drops or truncates bytes is caught.
  const payload = Buffer.alloc(payloadBytes);
  for (let i = 0; i < payloadBytes; i++) payload[i] = (i * 31 + 7) & 0xff;
  // The harness holds the process open itself: whether a client refs its connection while a call
  // is in flight is the client's business (sdk-core before 8a0704d did not: the process exited).
  const keepAlive = setInterval(() => {}, 60_000);
  const caller = connect(kind, socketPath, payload);

  const echoed = await caller.call();
  if (!Buffer.from(echoed.buffer, echoed.byteOffset, echoed.byteLength).equals(payload)) {
    throw new Error(`${kind}: the echoed payload differs from the one sent (${echoed.length} bytes back)`);
  }

  const profiler =
    values.profile === undefined
      ? undefined
      : new WindowProfiler(values.profile, positiveInt('profile-interval-us', values['profile-interval-us']));
  const loop = await runClosedLoop(() => caller.call(), {
    concurrency,
    warmupMs: positiveInt('warmup-ms', values['warmup-ms']),
    durationMs: positiveInt('duration-ms', values['duration-ms']),
    beforeWindow: profiler && (() => profiler.start()),
    afterWindow: profiler && (() => profiler.stop()),
  });
  const result: ClientRunResult = {
    kind,
    payloadBytes,
    concurrency,
    connections: caller.connections(),
    processCpuUs: 0,
    ...loop,
  };
  await caller.close();
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
