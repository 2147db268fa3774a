/**
 * Suite item 2 (issue 5): server streaming, messages per second for 1 KiB messages, over a Unix
 * socket to the @grpc/grpc-js echo server. Each call asks for 100 messages; 4 streams stay open at
 * all times on one connection. Ours (the Thin client's typed proxy, `for await`) vs the @grpc/grpc-js
 * client vs node:http2 with frames split by hand; every message is decoded to an object by each.
 */
import { closeSessions, startSessions } from '../../harness/client-session.js';
import { REPO_ROOT, startEchoServer } from '../../harness/echo-server-process.js';
import { otherLoadOf, runInterleaved } from '../../harness/interleaved-runs.js';
import { packageVersion } from '../../harness/package-version.js';
import type { Measurement, Scenario } from '../scenario.js';

const CLIENT_SCRIPT = `${REPO_ROOT}bench/clients/stream-client.ts`;
const CLIENTS = ['thin', 'grpc-js', 'h2'] as const;
const PEERS = ['grpc-js', 'h2'] as const;
const PAYLOAD_BYTES = 1024;
const MESSAGES_PER_STREAM = 100;
const STREAMS = 4;

const PLANS = {
  full: { warmupMs: 500, durationMs: 1500, rounds: 2 },
  quick: { warmupMs: 100, durationMs: 300, rounds: 1 },
} as const;

export const scenario: Scenario = {
  id: 'streaming',
  title: 'Server streaming, 1 KiB messages: Thin client vs @grpc/grpc-js vs hand-written node:http2',
  budgetSeconds: 30,
  async run(context) {
    const started = Date.now();
    const plan = PLANS[context.mode];
    const server = await startEchoServer();
    try {
      const sessions = await startSessions(CLIENTS, (kind) => ({
        args: [
          CLIENT_SCRIPT,
          `--kind=${kind}`,
          `--endpoint=unix:${server.socketPath}`,
          `--messages=${MESSAGES_PER_STREAM}`,
        ],
        cwd: REPO_ROOT,
        serverPid: server.pid,
      }));
      let summaries: Awaited<ReturnType<typeof runInterleaved<(typeof CLIENTS)[number]>>>;
      try {
        summaries = await runInterleaved(
          sessions,
          [{ payloadBytes: PAYLOAD_BYTES, concurrency: STREAMS, ...plan }],
          (line) => context.progress(`${line} (streams/s; x${MESSAGES_PER_STREAM} = messages/s)`),
        );
      } finally {
        await closeSessions(sessions);
      }
      const byKind = [...summaries.values()][0]!;
      const of = (kind: (typeof CLIENTS)[number]) => byKind.get(kind)!;
      const messagesPerSecond = (kind: (typeof CLIENTS)[number]): number =>
        of(kind).rps * MESSAGES_PER_STREAM;
      const cpuPerMessage = (kind: (typeof CLIENTS)[number]): number =>
        of(kind).cpuUsPerCall / MESSAGES_PER_STREAM;
      const measurements: Measurement[] = [
        {
          label: 'server streaming 1 KiB msg/s',
          unit: 'msg/s',
          value: messagesPerSecond('thin'),
          peers: Object.fromEntries(PEERS.map((p) => [p, messagesPerSecond(p)])),
        },
        {
          label: 'server streaming 1 KiB CPU/msg',
          unit: 'us/msg',
          value: cpuPerMessage('thin'),
          peers: Object.fromEntries(PEERS.map((p) => [p, cpuPerMessage(p)])),
        },
      ];
      const load = otherLoadOf(summaries.values());
      const failures = [...byKind].flatMap(([kind, s]) => s.failures.map((f) => `${kind}: ${f}`));
      return {
        id: 'streaming',
        title: scenario.title,
        conditions: {
          transport: 'Unix domain socket, h2c, one HTTP/2 connection per client',
          server: `@grpc/grpc-js ${packageVersion('@grpc/grpc-js')} echo server, ServerStream writes count messages (back-pressure aware)`,
          payloadBytes: PAYLOAD_BYTES,
          messagesPerStream: MESSAGES_PER_STREAM,
          streamsInFlight: STREAMS,
          warmupMs: plan.warmupMs,
          durationMs: plan.durationMs,
          rounds: `${plan.rounds}, medians`,
          otherLoadCoresMedian: Math.round(load.median * 100) / 100,
          otherLoadCoresMax: Math.round(load.max * 100) / 100,
          ...(failures.length > 0 ? { failedRuns: failures.join('; ') } : {}),
        },
        measurements,
        ratios: measurements.flatMap((m) =>
          PEERS.map((peer) => ({
            label: m.label,
            peer,
            ratio: m.value / m.peers[peer]!,
            better: m.unit === 'msg/s' ? ('higher' as const) : ('lower' as const),
          })),
        ),
        targets: [],
        elapsedMs: Date.now() - started,
      };
    } finally {
      await server.stop();
    }
  },
};
