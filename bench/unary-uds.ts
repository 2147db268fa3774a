/**
 * Unary calls over a Unix socket: our client against @grpc/grpc-js's client and a hand-written
 * node:http2 client, side by side against one @grpc/grpc-js echo server (TOOLCHAIN.md, "Client cost
 * per call"). Every client runs in its own child process, one connection each, with a fixed number of
 * calls in flight; rounds interleave the clients so drift hits them alike, and the table reports
 * medians and the ratios ours/grpc-js and ours/hand-written.
 *
 * pnpm bench:unary                 (builds codec-triple + sdk-core first, then runs this)
 * pnpm exec tsx --conditions=source bench/unary-uds.ts [options]
 *   --pin                 server on core 0, clients on core 1 (taskset)
 *   --rounds 3 --warmup-ms 1000 --duration-ms 4000 --concurrency 50 --payloads 8,1024
 *   --clients ours,grpc-js,h2
 *   --source              run the SDK from src through tsx instead of the built dist
 *   --out FILE            results file (default bench/results-unary.json); --no-write to skip it
 *   --max-other-load 0.25 repeat a run when other processes took more cores (while the whole
 *                         benchmark still ends within about 150 s)
 *   --profile             profile our client (or --clients) in the measured window and summarise
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CLIENT_LABELS, type ClientKind, isClientKind } from './clients/unary-caller.js';
import { findTaskset, lastLineOf, spawnNode, waitForLine } from './harness/child-process.js';
import { ForeignLoadMeter } from './harness/foreign-load.js';
import { parseClientRunResult } from './harness/run-result.js';
import { sourceState, staleDist } from './harness/sdk-build.js';
import { median } from './harness/stats.js';
import {
  clientTable,
  formatBytes,
  type RunRecord,
  ratios,
  ratioTable,
  summarize,
} from './harness/unary-report.js';
import { summarizeProfile } from './profile-summary.js';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const REPO_ROOT = join(BENCH_DIR, '..');
const SERVER_SCRIPT = join(BENCH_DIR, 'servers', 'grpc-echo-server.ts');
const CLIENT_SCRIPT = join(BENCH_DIR, 'clients', 'unary-client.ts');
const SERVER_CORE = 0;
const CLIENT_CORE = 1;
/** Other processes using more than this (in cores) during a run make its numbers suspect. */
const NOISY_CORES = 0.15;
/** Noisy runs are repeated only while the whole benchmark still ends within this budget. */
const TIME_BUDGET_MS = 150_000;

const { values } = parseArgs({
  options: {
    pin: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
    'warmup-ms': { type: 'string', default: '1000' },
    'duration-ms': { type: 'string', default: '4000' },
    concurrency: { type: 'string', default: '50' },
    payloads: { type: 'string', default: '8,1024' },
    clients: { type: 'string' },
    source: { type: 'boolean', default: false },
    out: { type: 'string', default: join(BENCH_DIR, 'results-unary.json') },
    'no-write': { type: 'boolean', default: false },
    'max-other-load': { type: 'string', default: '0.25' },
    profile: { type: 'boolean', default: false },
  },
});

function count(name: string, text: string | undefined, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new TypeError(`--${name} must be an integer >= ${min}, got ${text}`);
  return n;
}

const rounds = values.profile ? 1 : count('rounds', values.rounds, 1);
const warmupMs = count('warmup-ms', values['warmup-ms'], 0);
const durationMs = count('duration-ms', values['duration-ms'], 100);
const concurrency = count('concurrency', values.concurrency, 1);
const payloads = (values.payloads ?? '').split(',').map((p) => count('payloads', p, 0));
const clients: ClientKind[] = (values.clients ?? (values.profile ? 'ours' : 'ours,grpc-js,h2'))
  .split(',')
  .map((k) => {
    if (!isClientKind(k)) throw new TypeError(`--clients: unknown client "${k}" (ours, grpc-js, h2)`);
    return k;
  });
const taskset = values.pin ? findTaskset() : undefined;
if (values.pin && !taskset) process.stderr.write('--pin: taskset not found, running unpinned\n');
const pinned = taskset !== undefined;
const maxOtherLoad = Number(values['max-other-load']);
if (!(maxOtherLoad >= 0)) throw new TypeError('--max-other-load must be a number of cores >= 0');
const nodeFlags = values.source ? ['--conditions=source'] : [];

function packageVersion(name: string): string {
  try {
    const json: unknown = JSON.parse(
      readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8'),
    );
    const version: unknown =
      typeof json === 'object' && json !== null ? Reflect.get(json, 'version') : undefined;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

const started = Date.now();
function progress(text: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(3);
  process.stderr.write(`[${seconds} s] ${text}\n`);
}

let server: ChildProcess | undefined;
let client: ChildProcess | undefined;
function stopChildren(): void {
  client?.kill('SIGKILL');
  server?.kill('SIGTERM');
}
process.on('SIGINT', () => {
  stopChildren();
  process.exit(130);
});

async function startServer(socketPath: string): Promise<ChildProcess> {
  const child = spawnNode({
    args: [SERVER_SCRIPT, socketPath],
    core: pinned ? SERVER_CORE : undefined,
    taskset,
    cwd: REPO_ROOT,
  });
  await waitForLine(child, 'ready', 15_000);
  return child;
}

async function runClient(
  kind: ClientKind,
  socketPath: string,
  payloadBytes: number,
  profileFile?: string,
): Promise<Omit<RunRecord, 'round'>> {
  const meter = new ForeignLoadMeter(server?.pid);
  client = spawnNode({
    args: [
      CLIENT_SCRIPT,
      `--kind=${kind}`,
      `--socket=${socketPath}`,
      `--payload-bytes=${payloadBytes}`,
      `--concurrency=${concurrency}`,
      `--warmup-ms=${warmupMs}`,
      `--duration-ms=${durationMs}`,
      ...(profileFile ? [`--profile=${profileFile}`] : []),
    ],
    nodeFlags,
    core: pinned ? CLIENT_CORE : undefined,
    taskset,
    cwd: REPO_ROOT,
  });
  const line = await lastLineOf(client, warmupMs + durationMs + 30_000);
  client = undefined;
  const result = parseClientRunResult(line);
  const otherLoadCores = meter.stop(result.processCpuUs);
  if (result.errors > 0)
    throw new Error(`${kind}: ${result.errors} calls failed, first: ${result.firstError}`);
  return { ...result, otherLoadCores };
}

function describeRun(r: Omit<RunRecord, 'round'>): string {
  const other = r.otherLoadCores === undefined ? 'unknown' : `${r.otherLoadCores.toFixed(2)} cores`;
  return (
    `${(r.rps / 1000).toFixed(2)}k req/s, p99 ${r.p99Ms.toFixed(1)} ms, ` +
    `${r.cpuUsPerCall.toFixed(1)} us CPU/call, ${r.connections} connection(s), other load ${other}`
  );
}

async function profileClients(socketPath: string): Promise<void> {
  const dir = join(BENCH_DIR, '.profiles');
  mkdirSync(dir, { recursive: true });
  for (const payloadBytes of payloads) {
    for (const kind of clients) {
      const file = join(dir, `${kind}-${payloadBytes}B.cpuprofile`);
      progress(`profiling ${CLIENT_LABELS[kind]}, ${formatBytes(payloadBytes)}, ${durationMs} ms window`);
      const result = await runClient(kind, socketPath, payloadBytes, file);
      progress(`  ${describeRun(result)} (profiler on)`);
      process.stdout.write(
        `\n== ${CLIENT_LABELS[kind]}, ${formatBytes(payloadBytes)}, concurrency ${concurrency}, ` +
          `SDK from ${values.source ? 'src' : 'dist'} ==\n` +
          `${summarizeProfile(file, { calls: result.calls })}\n`,
      );
    }
  }
}

async function benchmark(socketPath: string): Promise<void> {
  const runs: RunRecord[] = [];
  /** Runs measured under other load and replaced by a repeat; kept in the results file. */
  const repeats: RunRecord[] = [];
  const total = rounds * payloads.length * clients.length;
  const benchStarted = Date.now();
  /** True when a repeat of the current run plus the runs after it still fit the budget, at the pace so far. */
  const canRepeat = (): boolean => {
    const finished = runs.length + repeats.length + 1;
    const perRun = (Date.now() - benchStarted) / finished;
    return Date.now() - started + (total - runs.length) * perRun < TIME_BUDGET_MS;
  };
  for (let round = 1; round <= rounds; round++) {
    for (const payloadBytes of payloads) {
      for (const kind of clients) {
        progress(
          `run ${runs.length + 1}/${total}: round ${round}/${rounds}, ${formatBytes(payloadBytes)}, ${CLIENT_LABELS[kind]}`,
        );
        let result = await runClient(kind, socketPath, payloadBytes);
        progress(`  ${describeRun(result)}`);
        // A run that shared the machine with other work is repeated while the time budget lasts.
        while ((result.otherLoadCores ?? 0) > maxOtherLoad && canRepeat()) {
          repeats.push({ round, ...result });
          progress(`  other processes took ${result.otherLoadCores?.toFixed(2)} cores: repeating this run`);
          result = await runClient(kind, socketPath, payloadBytes);
          progress(`  ${describeRun(result)}`);
        }
        runs.push({ round, ...result });
      }
    }
  }

  const summaries = summarize(runs);
  const ratioRows = ratios(runs, summaries);
  const connections = [...new Set(runs.map((r) => r.connections))];
  const otherLoads = runs.flatMap((r) => (r.otherLoadCores === undefined ? [] : [r.otherLoadCores]));
  const source = sourceState(REPO_ROOT);
  const conditions = {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    /** CPU other processes took during the runs, in cores: a shared machine shows up here. */
    otherLoadCores:
      otherLoads.length === 0 ? null : { median: median(otherLoads), max: Math.max(...otherLoads) },
    pinned: pinned ? { server: SERVER_CORE, clients: CLIENT_CORE } : false,
    transport: 'Unix domain socket, h2c',
    server: `@grpc/grpc-js ${packageVersion('@grpc/grpc-js')} echo (bench/servers/grpc-echo-server.ts), own process`,
    clients: Object.fromEntries(clients.map((k) => [k, CLIENT_LABELS[k]])),
    sdkFrom: values.source ? 'src through tsx --conditions=source' : 'built dist (packages/*/dist/esm)',
    versions: {
      grpcJs: packageVersion('@grpc/grpc-js'),
      protoLoader: packageVersion('@grpc/proto-loader'),
      protobufjs: packageVersion('protobufjs'),
    },
    payloadBytes: payloads,
    concurrency,
    connectionsPerClient: connections.length === 1 ? connections[0] : connections,
    warmupMs,
    durationMs,
    rounds,
    order: 'per round and payload: clients back to back in the order listed, one child process per run',
    source,
  };

  const header = [
    `Unary over a UDS: ${conditions.node}, ${conditions.platform}, ${conditions.cpus} CPUs (${conditions.cpuModel}), ` +
      (pinned ? `pinned (server core ${SERVER_CORE}, client core ${CLIENT_CORE})` : 'unpinned'),
    `server ${conditions.server}; SDK from ${conditions.sdkFrom}; commit ${source.commit}` +
      (source.uncommittedInPackages.length > 0 ? ` + uncommitted changes in sdk-core/codec-triple` : ''),
    `concurrency ${concurrency}, ${connections.join('/')} connection(s) per client, warm-up ${warmupMs} ms, ` +
      `window ${durationMs} ms, ${rounds} interleaved round(s), medians (min-max over rounds)`,
    otherLoads.length === 0
      ? 'other load on the machine: not measured (no /proc)'
      : `other load on the machine during a run: median ${median(otherLoads).toFixed(2)}, ` +
        `max ${Math.max(...otherLoads).toFixed(2)} cores` +
        (Math.max(...otherLoads) > NOISY_CORES ? ' (noisy: prefer the per-round ratios)' : '') +
        (repeats.length > 0
          ? `; ${repeats.length} run(s) repeated for other load above ${maxOtherLoad}`
          : ''),
  ];
  process.stdout.write(
    `\n${header.join('\n')}\n\n${clientTable(summaries)}\n\n${ratioTable(ratioRows)}\n` +
      'ratios: req/s above 1 means ours is faster; CPU/call below 1 means ours is cheaper\n',
  );
  if (connections.some((c) => c !== 1)) {
    process.stdout.write(`warning: a client opened ${connections.join('/')} connections, not 1\n`);
  }

  if (!values['no-write'] && values.out) {
    const round3 = (_key: string, value: unknown): unknown =>
      typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;
    const results = {
      benchmark: 'unary-uds',
      date: new Date().toISOString(),
      conditions,
      summary: summaries,
      ratios: ratioRows,
      runs,
      repeatedRuns: repeats,
    };
    writeFileSync(values.out, `${JSON.stringify(results, round3, 2)}\n`);
    progress(`wrote ${relative(process.cwd(), values.out)}`);
  }
}

async function main(): Promise<void> {
  if (!values.source) {
    const stale = staleDist(REPO_ROOT);
    if (stale) {
      throw new Error(
        `${stale}: run \`pnpm exec tsc -b packages/sdk-core\` (or \`pnpm bench:unary\`, which does), or pass --source`,
      );
    }
  }
  const socketPath = join(os.tmpdir(), `dubbo-mesh-bench-${process.pid}.sock`);
  progress(`starting the grpc-js echo server on ${socketPath}${pinned ? ' (pinned)' : ''}`);
  server = await startServer(socketPath);
  try {
    if (values.profile) await profileClients(socketPath);
    else await benchmark(socketPath);
  } finally {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
    server = undefined;
  }
  progress('done');
}

main().catch((err: unknown) => {
  process.stderr.write(`unary-uds: ${err instanceof Error ? err.message : String(err)}\n`);
  stopChildren();
  process.exit(1);
});
