/**
 * Suite item 7 (issue 5), footprint:
 * (a) import time and heap of sdk-thin vs @grpc/grpc-js, fresh processes, medians (target: import
 *     time ours/grpc-js ≤ 0.5);
 * (b) RSS growth over 1,000,000 Unary calls (8 B, 50 in flight) through our client to a grpc-js
 *     server on a UDS, from after 50,000 warm-up calls to the end (target ≤ 20 MB); capped at 75 s so
 *     the suite keeps its budget: the result says how many calls were made;
 * (c) 10,000 calls in flight at once against a server that delays each reply by 200 ms: errors, and
 *     calls still unsettled after 20 s, must be 0. Full mode also runs it against a server limiting
 *     itself to 1,000 concurrent streams, where the channel opens more sessions and then queues.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMPORT_CANDIDATES, measureImports } from '../../footprint/import-footprint.js';
import type { InFlightReport } from '../../footprint/in-flight-client.js';
import type { RssReport } from '../../footprint/rss-client.js';
import { startNodeChild } from '../../sidecar/child-node.js';
import {
  checkTarget,
  type Measurement,
  type Scenario,
  type ScenarioResult,
  type TargetCheck,
} from '../scenario.js';

const SETTINGS = {
  full: {
    importRuns: 7,
    calls: 1_000_000,
    warmupCalls: 50_000,
    maxMs: 75_000,
    inFlight: 10_000,
    serverLimits: [0, 1000],
  },
  quick: {
    importRuns: 1,
    calls: 5_000,
    warmupCalls: 1_000,
    maxMs: 5_000,
    inFlight: 1_000,
    serverLimits: [0],
  },
} as const;
const CONCURRENCY = 50;
const REPLY_DELAY_MS = 200;
/** The in-flight child gives up waiting after this long (a stalled peer must not hold the suite). */
const IN_FLIGHT_MAX_MS = 20_000;
const OURS = 'sdk-thin (ours)';
const PEER = '@grpc/grpc-js';

/** Runs `script` to completion and parses its JSON report. */
async function runChild<T>(
  script: string,
  args: readonly string[],
  timeoutMs: number,
  nodeFlags: string[] = [],
): Promise<T> {
  const child = startNodeChild(new URL(script, import.meta.url), args, { nodeFlags });
  try {
    return JSON.parse(await child.lastLine(timeoutMs)) as T;
  } finally {
    await child.stop();
  }
}

/** An echo server on a fresh UDS; `maxStreams` 0 leaves grpc-js's default (no limit). */
async function withEchoServer<T>(
  dir: string,
  options: { delayMs: number; maxStreams: number },
  body: (socketPath: string) => Promise<T>,
): Promise<T> {
  const socketPath = join(dir, `echo-${options.delayMs}-${options.maxStreams}.sock`);
  const args = ['--listen', `unix:${socketPath}`, '--delay-ms', String(options.delayMs)];
  if (options.maxStreams > 0) args.push('--max-streams', String(options.maxStreams));
  const server = startNodeChild(new URL('../../sidecar/echo-server.ts', import.meta.url), args);
  try {
    await server.line('ready ', 15_000);
    return await body(socketPath);
  } finally {
    await server.stop();
  }
}

export const scenario: Scenario = {
  id: 'footprint',
  title: 'Footprint: import cost, RSS growth over 1M calls, 10,000 calls in flight',
  budgetSeconds: 105,
  async run(context): Promise<ScenarioResult> {
    const started = performance.now();
    const settings = SETTINGS[context.mode];
    const measurements: Measurement[] = [];
    const targets: TargetCheck[] = [];
    const ratios: ScenarioResult['ratios'][number][] = [];

    const imports = await measureImports(settings.importRuns, context.progress);
    const ours = imports[OURS]!;
    const peer = imports[PEER]!;
    measurements.push(
      { label: 'import time', unit: 'ms', value: ours.importMs, peers: { [PEER]: peer.importMs } },
      { label: 'heap after import', unit: 'KiB', value: ours.heapKiB, peers: { [PEER]: peer.heapKiB } },
    );
    ratios.push(
      { label: 'import time', peer: PEER, ratio: ours.importMs / peer.importMs, better: 'lower' },
      { label: 'heap after import', peer: PEER, ratio: ours.heapKiB / peer.heapKiB, better: 'lower' },
    );
    targets.push(checkTarget(`import time ours/${PEER} <= 0.5`, ours.importMs / peer.importMs, 0.5, 'lower'));

    const dir = mkdtempSync(join(tmpdir(), 'dm-bench-footprint-'));
    const inFlight: Record<string, InFlightReport> = {};
    let rss: RssReport;
    try {
      context.progress(`RSS over ${settings.calls} calls (at most ${settings.maxMs / 1000} s)`);
      rss = await withEchoServer(dir, { delayMs: 0, maxStreams: 0 }, (socketPath) =>
        runChild<RssReport>(
          '../../footprint/rss-client.ts',
          [
            '--socket',
            socketPath,
            '--calls',
            String(settings.calls),
            '--warmup-calls',
            String(settings.warmupCalls),
            '--concurrency',
            String(CONCURRENCY),
            '--max-ms',
            String(settings.maxMs),
          ],
          settings.maxMs + 60_000,
          ['--expose-gc'],
        ),
      );
      for (const maxStreams of settings.serverLimits) {
        const name =
          maxStreams === 0 ? 'server without a stream limit' : `server limit ${maxStreams} streams`;
        context.progress(`${settings.inFlight} calls in flight, ${name}`);
        inFlight[name] = await withEchoServer(dir, { delayMs: REPLY_DELAY_MS, maxStreams }, (socketPath) =>
          runChild<InFlightReport>(
            '../../footprint/in-flight-client.ts',
            [
              '--socket',
              socketPath,
              '--calls',
              String(settings.inFlight),
              '--max-ms',
              String(IN_FLIGHT_MAX_MS),
            ],
            IN_FLIGHT_MAX_MS + 60_000,
          ),
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const callsNote = rss.calls < rss.callsAsked ? ` (${rss.calls} of ${rss.callsAsked} made in time)` : '';
    measurements.push(
      {
        label: `RSS growth over ${rss.calls} calls${callsNote}`,
        unit: 'MB',
        value: rss.rssGrowthMB,
        peers: {},
      },
      { label: 'RSS after warm-up', unit: 'MB', value: rss.rssAfterWarmupMB, peers: {} },
      {
        label: 'heap growth after warm-up',
        unit: 'MB',
        value: rss.heapEndMB - rss.heapAfterWarmupMB,
        peers: {},
      },
      { label: 'calls made for the RSS measurement', unit: 'calls', value: rss.calls, peers: {} },
      { label: 'RSS run call errors', unit: 'calls', value: rss.errors, peers: {} },
    );
    targets.push(checkTarget(`RSS growth over ${rss.calls} calls <= 20 MB`, rss.rssGrowthMB, 20, 'lower'));
    for (const [name, report] of Object.entries(inFlight)) {
      const prefix = `${report.calls} in flight, ${name}`;
      measurements.push(
        { label: `${prefix}: errors`, unit: 'calls', value: report.errors, peers: {} },
        {
          label: `${prefix}: unsettled after ${IN_FLIGHT_MAX_MS / 1000} s`,
          unit: 'calls',
          value: report.unsettled,
          peers: {},
        },
        { label: `${prefix}: time to settle`, unit: 's', value: report.seconds, peers: {} },
        { label: `${prefix}: sessions`, unit: 'connections', value: report.sessions, peers: {} },
      );
      targets.push(
        checkTarget(`${prefix}: errors + unsettled == 0`, report.errors + report.unsettled, 0, 'lower'),
      );
    }
    return {
      id: 'footprint',
      title: scenario.title,
      conditions: {
        node: process.version,
        importRuns: settings.importRuns,
        importOurs: IMPORT_CANDIDATES[OURS],
        rssCallsAsked: settings.calls,
        rssCallsMade: rss.calls,
        rssSeconds: Math.round(rss.seconds),
        rssWarmupCalls: settings.warmupCalls,
        rssConcurrency: CONCURRENCY,
        rssPayloadBytes: 8,
        server: '@grpc/grpc-js echo on a UDS',
        inFlightReplyDelayMs: REPLY_DELAY_MS,
        inFlightMaxSeconds: IN_FLIGHT_MAX_MS / 1000,
        inFlightServers:
          'grpc-js default (no SETTINGS_MAX_CONCURRENT_STREAMS) and grpc.max_concurrent_streams=1000',
        client: 'createClient + createHttp2Transport (sdk-core dist)',
      },
      measurements,
      ratios,
      targets,
      elapsedMs: performance.now() - started,
    };
  },
};
