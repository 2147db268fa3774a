/**
 * Suite item 1 (issue 5): unary calls, protobuf, 8 B / 1 KiB / 16 KiB x concurrency 1 / 50 / 200,
 * over a Unix socket to one @grpc/grpc-js echo server in its own process. Clients, each in its own
 * long-lived child process with one HTTP/2 connection: ours (the Thin client, built dist), the
 * @grpc/grpc-js client, the @apachedubbo/dubbo client and a minimal hand-written node:http2 client.
 * Throughput, p50, p99 and client CPU per call (process.cpuUsage in the client) in one run, ratios
 * ours / peer; the c50 8 B and 1 KiB cells the targets use get three rounds of
 * 3 s (shorter windows moved their ratios by ±15 % between runs).
 */
import { closeSessions, startSessions } from '../../harness/client-session.js';
import { REPO_ROOT, startEchoServer } from '../../harness/echo-server-process.js';
import {
  type Cell,
  type CellSummary,
  cellKey,
  otherLoadOf,
  runInterleaved,
} from '../../harness/interleaved-runs.js';
import { packageVersion } from '../../harness/package-version.js';
import { type Better, checkTarget, type Measurement, type Scenario, type TargetCheck } from '../scenario.js';

const CLIENT_SCRIPT = `${REPO_ROOT}bench/clients/unary-client.ts`;
const OURS = 'thin';
const PEERS = ['grpc-js', 'dubbo-js', 'h2'] as const;
const CLIENTS = [OURS, ...PEERS] as const;
type Client = (typeof CLIENTS)[number];

/** The cells the targets are about. */
const TARGET_CELLS = ['8 B c50', '1 KiB c50'];

interface Plan {
  readonly payloads: readonly number[];
  readonly concurrencies: readonly number[];
  readonly warmupMs: number;
  /** Window of the target cells, which the targets read. */
  readonly targetDurationMs: number;
  /** Window of the other cells: shorter, so the matrix fits the suite's 10 minutes. */
  readonly durationMs: number;
  readonly targetRounds: number;
}

/** Warm-ups are short because each client child stays up and warm from cell to cell. */
const PLANS: Readonly<Record<'full' | 'quick', Plan>> = {
  full: {
    payloads: [8, 1024, 16384],
    concurrencies: [1, 50, 200],
    warmupMs: 300,
    targetDurationMs: 3000,
    durationMs: 1000,
    targetRounds: 3,
  },
  quick: {
    payloads: [8, 1024],
    concurrencies: [50],
    warmupMs: 100,
    targetDurationMs: 250,
    durationMs: 250,
    targetRounds: 1,
  },
};

/** The metrics reported per cell: which summary field, its unit, and which way is better. */
const METRICS = [
  { name: 'req/s', unit: 'req/s', field: 'rps', better: 'higher' },
  { name: 'p50', unit: 'ms', field: 'p50Ms', better: 'lower' },
  { name: 'p99', unit: 'ms', field: 'p99Ms', better: 'lower' },
  { name: 'CPU/call', unit: 'us/call', field: 'cpuUsPerCall', better: 'lower' },
] as const satisfies readonly { name: string; unit: string; field: keyof CellSummary; better: Better }[];

function label(cell: string, metric: string): string {
  return `unary ${cell} ${metric}`;
}

/** The targets for one c50 cell, each spelled `<label> ours/<peer> <op> <bound>` (the chart marks them). */
function targetsFor(cell: string, byKind: ReadonlyMap<Client, CellSummary>): TargetCheck[] {
  const ours = byKind.get(OURS)!;
  const peer = (kind: Client): CellSummary => byKind.get(kind)!;
  const check = (
    metric: string,
    versus: Client,
    measured: number,
    bound: number,
    better: Better,
  ): TargetCheck =>
    checkTarget(
      `${label(cell, metric)} ours/${versus} ${better === 'higher' ? '>=' : '<='} ${bound}`,
      measured,
      bound,
      better,
    );
  return [
    check('req/s', 'h2', ours.rps / peer('h2').rps, 1.0, 'higher'),
    check('req/s', 'grpc-js', ours.rps / peer('grpc-js').rps, 1.7, 'higher'),
    check('p99', 'grpc-js', ours.p99Ms / peer('grpc-js').p99Ms, 1.0, 'lower'),
    check('CPU/call', 'h2', ours.cpuUsPerCall / peer('h2').cpuUsPerCall, 1.2, 'lower'),
    check('CPU/call', 'grpc-js', ours.cpuUsPerCall / peer('grpc-js').cpuUsPerCall, 0.5, 'lower'),
  ];
}

export const scenario: Scenario = {
  id: 'unary',
  title:
    'Unary over a Unix socket: Thin client vs @grpc/grpc-js vs @apachedubbo/dubbo vs hand-written node:http2',
  budgetSeconds: 175,
  async run(context) {
    const started = Date.now();
    const plan = PLANS[context.mode];
    const server = await startEchoServer();
    try {
      context.progress(`echo server up (pid ${server.pid}); starting ${CLIENTS.length} client processes`);
      const sessions = await startSessions(CLIENTS, (kind) => ({
        args: [CLIENT_SCRIPT, `--kind=${kind}`, `--endpoint=unix:${server.socketPath}`],
        cwd: REPO_ROOT,
        serverPid: server.pid,
      }));
      let summaries: Awaited<ReturnType<typeof runInterleaved<Client>>>;
      const cells: Cell[] = [];
      for (const concurrency of plan.concurrencies) {
        for (const payloadBytes of plan.payloads) {
          const isTarget = TARGET_CELLS.includes(cellKey({ payloadBytes, concurrency }));
          cells.push({
            payloadBytes,
            concurrency,
            warmupMs: plan.warmupMs,
            durationMs: isTarget ? plan.targetDurationMs : plan.durationMs,
            rounds: isTarget ? plan.targetRounds : 1,
          });
        }
      }
      try {
        summaries = await runInterleaved(sessions, cells, context.progress);
      } finally {
        await closeSessions(sessions);
      }

      const measurements: Measurement[] = [];
      const ratios: { label: string; peer: string; ratio: number; better: Better }[] = [];
      const targets: TargetCheck[] = [];
      const failures: string[] = [];
      for (const [cell, byKind] of summaries) {
        const isTargetCell = TARGET_CELLS.includes(cell);
        for (const metric of METRICS) {
          const value = byKind.get(OURS)![metric.field];
          const peers = Object.fromEntries(PEERS.map((p) => [p, byKind.get(p)![metric.field]]));
          measurements.push({ label: label(cell, metric.name), unit: metric.unit, value, peers });
          // The chart: every ratio at the target cells; throughput vs grpc-js and h2 elsewhere.
          for (const peer of PEERS) {
            if (!isTargetCell && (metric.name !== 'req/s' || peer === 'dubbo-js')) continue;
            ratios.push({
              label: label(cell, metric.name),
              peer,
              ratio: value / peers[peer]!,
              better: metric.better,
            });
          }
        }
        if (isTargetCell) targets.push(...targetsFor(cell, byKind));
        for (const [kind, summary] of byKind) {
          for (const failure of summary.failures) failures.push(`${cell} ${kind}: ${failure}`);
        }
      }
      const load = otherLoadOf(summaries.values());
      return {
        id: 'unary',
        title: scenario.title,
        conditions: {
          transport: 'Unix domain socket, h2c, one HTTP/2 connection per client',
          server: `@grpc/grpc-js ${packageVersion('@grpc/grpc-js')} echo server (bench/servers/grpc-echo-server.ts), own process`,
          ours: 'createThinClient (@dubbo-mesh/sdk-thin, built dist) + loadProtoService, typed proxy',
          'grpc-js': `@grpc/grpc-js ${packageVersion('@grpc/grpc-js')} Client.makeUnaryRequest + proto-loader`,
          'dubbo-js': `@apachedubbo/dubbo ${packageVersion('@apachedubbo/dubbo')} promise client, dubbo-node createGrpcTransport over the same UDS (nodeOptions.createConnection)`,
          h2: 'hand-written node:http2 + 5-byte framing + protobufjs (bench/clients/hand-written-h2-client.ts)',
          clientProcesses:
            'one long-lived child per client, runs one at a time, client order rotated per cell',
          payloadBytes: plan.payloads.join(', '),
          concurrency: plan.concurrencies.join(', '),
          warmupMs: plan.warmupMs,
          durationMs: `${plan.targetDurationMs} at ${TARGET_CELLS.join(' and ')}, ${plan.durationMs} elsewhere`,
          rounds: `${plan.targetRounds} at ${TARGET_CELLS.join(' and ')}, 1 elsewhere; medians`,
          otherLoadCoresMedian: round2(load.median),
          otherLoadCoresMax: round2(load.max),
          ...(failures.length > 0 ? { failedRuns: failures.join('; ') } : {}),
        },
        measurements,
        ratios,
        targets,
        elapsedMs: Date.now() - started,
      };
    } finally {
      await server.stop();
    }
  },
};

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
