/**
 * The channel decision (issue 5: "measure undici's HTTP/2 client against node:http2 for the channel
 * before choosing"): unary 8 B, 50 in flight, over loopback TCP h2c to the @grpc/grpc-js echo server,
 * a minimal gRPC caller on undici 7's `H2CClient` (HTTP/2 prior knowledge; undici 7.30.2 has it, so
 * no TLS is needed) against the same minimal caller on node:http2. Both do the same framing and
 * protobufjs work, so the difference is the HTTP/2 client. sdk-core's channel stays on node:http2
 * unless undici is both faster and cheaper per call (see `decision` in the conditions).
 */
import { closeSessions, startSessions } from '../../harness/client-session.js';
import { REPO_ROOT, startEchoServer } from '../../harness/echo-server-process.js';
import { otherLoadOf, runInterleaved } from '../../harness/interleaved-runs.js';
import { packageVersion } from '../../harness/package-version.js';
import type { Measurement, Scenario } from '../scenario.js';

const CLIENT_SCRIPT = `${REPO_ROOT}bench/clients/unary-client.ts`;
const CLIENTS = ['h2', 'undici'] as const;

const PLANS = {
  full: { warmupMs: 500, durationMs: 1500, rounds: 3 },
  quick: { warmupMs: 100, durationMs: 300, rounds: 1 },
} as const;

/** What the numbers say about the channel, in one sentence for the report. */
function decide(rpsRatio: number, cpuRatio: number): string {
  if (!Number.isFinite(rpsRatio) || !Number.isFinite(cpuRatio)) return 'no decision: a client failed';
  const faster = rpsRatio >= 1.05;
  const cheaper = cpuRatio <= 0.95;
  if (faster && cheaper) {
    return `undici is ${rpsRatio.toFixed(2)}x the throughput at ${cpuRatio.toFixed(2)}x the CPU per call: worth trying in the channel`;
  }
  return (
    `keep node:http2: undici reaches ${rpsRatio.toFixed(2)}x its throughput at ${cpuRatio.toFixed(2)}x its CPU per call, ` +
    'and node:http2 gives the channel what it needs (GOAWAY, refused streams, PING keepalive, UDS) with no dependency'
  );
}

export const scenario: Scenario = {
  id: 'channel',
  title:
    'Channel candidates: undici H2CClient vs node:http2, minimal gRPC unary 8 B c50 over loopback TCP h2c',
  budgetSeconds: 30,
  async run(context) {
    const started = Date.now();
    const plan = PLANS[context.mode];
    const server = await startEchoServer({ tcp: true });
    try {
      if (server.port === undefined) throw new Error('the echo server did not report its TCP port');
      const endpoint = `127.0.0.1:${server.port}`;
      const sessions = await startSessions(CLIENTS, (kind) => ({
        args: [CLIENT_SCRIPT, `--kind=${kind}`, `--endpoint=${endpoint}`],
        cwd: REPO_ROOT,
        serverPid: server.pid,
      }));
      let summaries: Awaited<ReturnType<typeof runInterleaved<(typeof CLIENTS)[number]>>>;
      try {
        summaries = await runInterleaved(
          sessions,
          [{ payloadBytes: 8, concurrency: 50, ...plan }],
          context.progress,
        );
      } finally {
        await closeSessions(sessions);
      }
      const byKind = [...summaries.values()][0]!;
      const undici = byKind.get('undici')!;
      const h2 = byKind.get('h2')!;
      // Here "ours" is the candidate (undici) and the peer the incumbent (node:http2).
      const measurements: Measurement[] = [
        { label: 'channel 8 B c50 req/s', unit: 'req/s', value: undici.rps, peers: { 'node:http2': h2.rps } },
        { label: 'channel 8 B c50 p99', unit: 'ms', value: undici.p99Ms, peers: { 'node:http2': h2.p99Ms } },
        {
          label: 'channel 8 B c50 CPU/call',
          unit: 'us/call',
          value: undici.cpuUsPerCall,
          peers: { 'node:http2': h2.cpuUsPerCall },
        },
      ];
      const load = otherLoadOf(summaries.values());
      const failures = [...byKind].flatMap(([kind, s]) => s.failures.map((f) => `${kind}: ${f}`));
      return {
        id: 'channel',
        title: scenario.title,
        conditions: {
          transport: 'loopback TCP 127.0.0.1, h2c (prior knowledge), one connection per client',
          server: `@grpc/grpc-js ${packageVersion('@grpc/grpc-js')} echo server`,
          candidate: `undici ${packageVersion('undici')} H2CClient (pipelining 200) + client.dispatch, bench/clients/undici-h2c-client.ts`,
          incumbent: 'node:http2 ClientHttp2Session.request, bench/clients/hand-written-h2-client.ts',
          valueIs: 'undici (ours column), peer node:http2',
          payloadBytes: 8,
          concurrency: 50,
          warmupMs: plan.warmupMs,
          durationMs: plan.durationMs,
          rounds: `${plan.rounds}, medians`,
          undiciTrailers:
            'undici 7.30.2 loses HTTP/2 trailers in request() and the new handler API (it parses node:http2 trailer objects as flat arrays): grpc-status is read in a legacy onComplete handler',
          decision: decide(undici.rps / h2.rps, undici.cpuUsPerCall / h2.cpuUsPerCall),
          otherLoadCoresMedian: Math.round(load.median * 100) / 100,
          otherLoadCoresMax: Math.round(load.max * 100) / 100,
          ...(failures.length > 0 ? { failedRuns: failures.join('; ') } : {}),
        },
        measurements,
        ratios: measurements.map((m) => ({
          label: m.label,
          peer: 'node:http2',
          ratio: m.value / m.peers['node:http2']!,
          better: m.unit === 'req/s' ? ('higher' as const) : ('lower' as const),
        })),
        targets: [],
        elapsedMs: Date.now() - started,
      };
    } finally {
      await server.stop();
    }
  },
};
