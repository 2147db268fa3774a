/**
 * Suite item 4 (issue 5): our Thin client through our sidecar vs through nginx vs through HAProxy,
 * each on a Unix socket in front of the same grpc-js server (TCP loopback), Unary 8 B and 1 KiB,
 * 50 calls in flight. Each run is a fresh client process; rounds interleave the proxies (rotating the
 * order) and the report takes medians. Besides req/s and p99 it reads the proxy's own CPU time from
 * /proc over the measured window: CPU per call. Target: our sidecar path ≥ 0.9 × the nginx path.
 *
 * `BENCH_SIDECAR_PROFILE=/abs/dir` runs our sidecar under `node --cpu-prof` and leaves the profile there
 * (summarise it with bench/profile-summary.ts).
 */
import { rmSync } from 'node:fs';
import { median } from '../../harness/stats.js';
import { type NodeChild, startNodeChild } from '../../sidecar/child-node.js';
import {
  availableProxies,
  type ProxyName,
  type ProxyPeer,
  scenarioDir,
  startProxyPeer,
} from '../../sidecar/proxy-peers.js';
import {
  checkTarget,
  type Measurement,
  type Scenario,
  type ScenarioResult,
  type TargetCheck,
} from '../scenario.js';

const SETTINGS = {
  full: { payloads: [8, 1024], rounds: 3, warmupMs: 500, durationMs: 1500, concurrency: 50 },
  quick: { payloads: [8], rounds: 1, warmupMs: 200, durationMs: 500, concurrency: 50 },
} as const;
const TARGET_RATIO = 0.9;
const CHILD_TIMEOUT_MS = 30_000;

/** One client run through one proxy. */
interface ProxyRun {
  readonly rps: number;
  readonly p99Ms: number;
  readonly errors: number;
  /** Proxy CPU in the window / calls in the window; NaN where /proc is unreadable. */
  readonly proxyCpuUsPerCall: number;
}

interface LoopReport {
  calls: number;
  errors: number;
  rps: number;
  p99Ms: number;
  firstError?: string;
}

async function runThrough(
  proxy: ProxyPeer,
  payloadBytes: number,
  settings: (typeof SETTINGS)[keyof typeof SETTINGS],
): Promise<ProxyRun> {
  const child: NodeChild = startNodeChild(new URL('../../sidecar/thin-load-client.ts', import.meta.url), [
    '--socket',
    proxy.socketPath,
    '--payload-bytes',
    String(payloadBytes),
    '--concurrency',
    String(settings.concurrency),
    '--warmup-ms',
    String(settings.warmupMs),
    '--duration-ms',
    String(settings.durationMs),
  ]);
  try {
    await child.line('window-start', CHILD_TIMEOUT_MS);
    const cpu0 = proxy.cpuUs();
    await child.line('window-end', CHILD_TIMEOUT_MS);
    const cpu1 = proxy.cpuUs();
    const report = JSON.parse(await child.lastLine(CHILD_TIMEOUT_MS)) as LoopReport;
    const cpu = cpu0 === undefined || cpu1 === undefined ? Number.NaN : cpu1 - cpu0;
    return {
      rps: report.rps,
      p99Ms: report.p99Ms,
      errors: report.errors,
      proxyCpuUsPerCall: report.calls > 0 ? cpu / report.calls : Number.NaN,
    };
  } finally {
    await child.stop();
  }
}

/** The proxies in a different order each round, so none always runs first (or right after another). */
function rotated<T>(items: readonly T[], by: number): T[] {
  return items.map((_, i) => items[(i + by) % items.length]!);
}

function peersOf(values: ReadonlyMap<ProxyName, number>): Record<string, number> {
  return Object.fromEntries([...values].filter(([name]) => name !== 'ours'));
}

export const scenario: Scenario = {
  id: 'sidecar',
  title: 'Thin client through a sidecar: ours vs nginx vs HAProxy (UDS)',
  budgetSeconds: 65,
  async run(context): Promise<ScenarioResult> {
    const started = performance.now();
    const settings = SETTINGS[context.mode];
    const names = availableProxies();
    const dir = scenarioDir();
    const profileDir = process.env.BENCH_SIDECAR_PROFILE;
    const server = startNodeChild(new URL('../../sidecar/echo-server.ts', import.meta.url), [
      '--listen',
      '127.0.0.1:0',
    ]);
    const proxies: ProxyPeer[] = [];
    const runs = new Map<string, ProxyRun[]>();
    try {
      const upstream = (await server.line('ready ', 15_000)).split(' ')[1]!;
      for (const name of names) {
        context.progress(`starting ${name}`);
        proxies.push(
          await startProxyPeer(name, {
            upstream,
            dir,
            ...(profileDir ? { sidecarNodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {}),
          }),
        );
      }
      // One discarded run through each proxy first: a fresh Node sidecar's first few thousand calls
      // cost 2-3x its steady state (JIT), which nginx and HAProxy do not pay; we measure steady state.
      if (context.mode === 'full') {
        for (const proxy of proxies) {
          context.progress(`warm-up via ${proxy.name}`);
          await runThrough(proxy, settings.payloads[0] ?? 8, settings);
        }
      }
      for (let round = 0; round < settings.rounds; round++) {
        for (const bytes of settings.payloads) {
          for (const proxy of rotated(proxies, round)) {
            context.progress(`round ${round + 1}/${settings.rounds}: ${bytes} B via ${proxy.name}`);
            const key = `${proxy.name}/${bytes}`;
            runs.set(key, [...(runs.get(key) ?? []), await runThrough(proxy, bytes, settings)]);
          }
        }
      }
    } finally {
      for (const proxy of proxies) await proxy.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }

    const measurements: Measurement[] = [];
    const ratios: ScenarioResult['ratios'][number][] = [];
    const targets: TargetCheck[] = [];
    for (const bytes of settings.payloads) {
      const of = (name: ProxyName): ProxyRun[] => runs.get(`${name}/${bytes}`) ?? [];
      const medianBy = (pick: (run: ProxyRun) => number): Map<ProxyName, number> =>
        new Map(names.map((name) => [name, median(of(name).map(pick))]));
      const prefix = `unary ${bytes} B c${settings.concurrency}`;
      const rows = [
        {
          label: `${prefix} req/s`,
          unit: 'req/s',
          values: medianBy((r) => r.rps),
          better: 'higher' as const,
        },
        { label: `${prefix} p99`, unit: 'ms', values: medianBy((r) => r.p99Ms), better: 'lower' as const },
        {
          label: `${prefix} proxy CPU per call`,
          unit: 'us/call',
          values: medianBy((r) => r.proxyCpuUsPerCall),
          better: 'lower' as const,
        },
        {
          label: `${prefix} errors`,
          unit: 'calls',
          values: medianBy((r) => r.errors),
          better: 'lower' as const,
        },
      ];
      for (const row of rows) {
        measurements.push({
          label: row.label,
          unit: row.unit,
          value: row.values.get('ours')!,
          peers: peersOf(row.values),
        });
        if (row.unit === 'calls') continue;
        for (const peer of names.filter((n) => n !== 'ours')) {
          // Throughput: the median of per-round ratios (a noisy round moves both sides alike).
          const ratio =
            row.unit === 'req/s'
              ? median(of('ours').map((run, i) => run.rps / (of(peer)[i]?.rps ?? Number.NaN)))
              : row.values.get('ours')! / row.values.get(peer)!;
          ratios.push({ label: row.label, peer, ratio, better: row.better });
          if (row.unit === 'req/s' && peer === 'nginx') {
            targets.push(
              checkTarget(`${prefix} req/s ours/nginx >= ${TARGET_RATIO}`, ratio, TARGET_RATIO, 'higher'),
            );
          }
        }
      }
    }
    return {
      id: 'sidecar',
      title: scenario.title,
      conditions: {
        node: process.version,
        client: 'createThinClient (sdk-thin dist), one HTTP/2 connection, health checks off, keepalive 10 s',
        server: '@grpc/grpc-js on 127.0.0.1 (TCP), echo',
        proxies: names.join(', '),
        nginx: 'nginx -g "worker_processes 1", keepalive_requests 100000000, upstream keepalive 32',
        payloads: settings.payloads.join(','),
        concurrency: settings.concurrency,
        warmupMs: settings.warmupMs,
        durationMs: settings.durationMs,
        rounds: settings.rounds,
        statistic: 'median of interleaved rounds; req/s ratio = median of per-round ratios',
      },
      measurements,
      ratios,
      targets,
      elapsedMs: performance.now() - started,
    };
  },
};
