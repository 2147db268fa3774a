/**
 * The channel decision (issue 5: "measure undici's HTTP/2 client against node:http2 for the channel
 * before choosing"): unary 8 B, 50 in flight, over loopback TCP h2c to the @grpc/grpc-js echo server,
 * one minimal gRPC caller on three HTTP/2 clients: sdk-core's own framing (DirectSession, the
 * channel's default engine: the "ours" column), node:http2, and undici 7's `H2CClient` (HTTP/2 prior
 * knowledge; undici 7.30.2 has it, so no TLS is needed). All do the same framing and protobufjs work,
 * so the difference is the HTTP/2 client (see `decision` in the conditions).
 */
import { closeSessions, startSessions } from '../../harness/client-session.js';
import { REPO_ROOT, startEchoServer } from '../../harness/echo-server-process.js';
import { otherLoadOf, runInterleaved } from '../../harness/interleaved-runs.js';
import { packageVersion } from '../../harness/package-version.js';
import type { Measurement, Scenario } from '../scenario.js';

const CLIENT_SCRIPT = `${REPO_ROOT}bench/clients/unary-client.ts`;
const CLIENTS = ['h2-direct', 'h2', 'undici'] as const;

const PLANS = {
  full: { warmupMs: 500, durationMs: 1500, rounds: 3 },
  quick: { warmupMs: 100, durationMs: 300, rounds: 1 },
} as const;

/** What the numbers say about the channel, in one sentence for the report. */
function decide(
  directRps: number,
  directCpu: number,
  h2Rps: number,
  h2Cpu: number,
  undiciRps: number,
  undiciCpu: number,
): string {
  const all = [directRps, directCpu, h2Rps, h2Cpu, undiciRps, undiciCpu];
  if (!all.every(Number.isFinite)) return 'no decision: a client failed';
  const undiciNote = `undici reaches ${(undiciRps / h2Rps).toFixed(2)}x node:http2's throughput at ${(undiciCpu / h2Cpu).toFixed(2)}x its CPU per call`;
  if (directRps >= h2Rps && directCpu <= h2Cpu) {
    return (
      `the direct engine: ${(directRps / h2Rps).toFixed(2)}x node:http2's throughput at ${(directCpu / h2Cpu).toFixed(2)}x its CPU per call; ` +
      `${undiciNote}. node:http2 stays as engine 'node'`
    );
  }
  return `the direct engine is not ahead of node:http2 here (${(directRps / h2Rps).toFixed(2)}x throughput, ${(directCpu / h2Cpu).toFixed(2)}x CPU per call): look again before keeping it the default; ${undiciNote}`;
}

export const scenario: Scenario = {
  id: 'channel',
  title:
    'Channel candidates: our HTTP/2 framing vs node:http2 vs undici H2CClient, minimal gRPC unary 8 B c50 over loopback TCP h2c',
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
      const direct = byKind.get('h2-direct')!;
      const undici = byKind.get('undici')!;
      const h2 = byKind.get('h2')!;
      // "ours" is the channel's engine (DirectSession); the peers are node:http2 and undici.
      const measurements: Measurement[] = [
        {
          label: 'channel 8 B c50 req/s',
          unit: 'req/s',
          value: direct.rps,
          peers: { 'node:http2': h2.rps, undici: undici.rps },
        },
        {
          label: 'channel 8 B c50 p99',
          unit: 'ms',
          value: direct.p99Ms,
          peers: { 'node:http2': h2.p99Ms, undici: undici.p99Ms },
        },
        {
          label: 'channel 8 B c50 CPU/call',
          unit: 'us/call',
          value: direct.cpuUsPerCall,
          peers: { 'node:http2': h2.cpuUsPerCall, undici: undici.cpuUsPerCall },
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
          ours: 'sdk-core DirectSession.request (the channel default engine), bench/clients/hand-written-h2-client.ts with engine direct',
          nodeHttp2: 'node:http2 ClientHttp2Session.request, bench/clients/hand-written-h2-client.ts',
          undici: `undici ${packageVersion('undici')} H2CClient (pipelining 200) + client.dispatch, bench/clients/undici-h2c-client.ts`,
          payloadBytes: 8,
          concurrency: 50,
          warmupMs: plan.warmupMs,
          durationMs: plan.durationMs,
          rounds: `${plan.rounds}, medians`,
          undiciTrailers:
            'undici 7.30.2 loses HTTP/2 trailers in request() and the new handler API (it parses node:http2 trailer objects as flat arrays): grpc-status is read in a legacy onComplete handler',
          decision: decide(
            direct.rps,
            direct.cpuUsPerCall,
            h2.rps,
            h2.cpuUsPerCall,
            undici.rps,
            undici.cpuUsPerCall,
          ),
          otherLoadCoresMedian: Math.round(load.median * 100) / 100,
          otherLoadCoresMax: Math.round(load.max * 100) / 100,
          ...(failures.length > 0 ? { failedRuns: failures.join('; ') } : {}),
        },
        measurements,
        ratios: measurements.flatMap((m) =>
          Object.entries(m.peers).map(([peer, value]) => ({
            label: m.label,
            peer,
            ratio: m.value / value,
            better: m.unit === 'req/s' ? ('higher' as const) : ('lower' as const),
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
