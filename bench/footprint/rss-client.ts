/**
 * The RSS child of the footprint scenario: `--calls` Unary calls (8 B) through our client to the echo
 * server on a UDS, `--concurrency` in flight, in a fresh process so nothing else's garbage counts.
 * RSS is read after a full GC once `--warmup-calls` calls completed (pools, JIT code and caches are
 * built by then) and again at the end; growth beyond that is what a long-running app would see.
 * Stops early at `--max-ms` and says how many calls it made. Prints an RssReport as JSON.
 *
 *   node --expose-gc --import tsx bench/footprint/rss-client.ts --socket /abs.sock \
 *     [--calls 1000000] [--warmup-calls 50000] [--concurrency 50] [--max-ms 150000]
 */
import { parseArgs } from 'node:util';
import { connectEchoClient, footprintPayload } from './echo-client.js';

/** What the RSS child reports. */
export interface RssReport {
  readonly callsAsked: number;
  /** Calls completed (fewer than asked when `--max-ms` ran out). */
  readonly calls: number;
  readonly errors: number;
  readonly firstError: string | undefined;
  readonly seconds: number;
  readonly rssAfterWarmupMB: number;
  readonly rssEndMB: number;
  readonly rssGrowthMB: number;
  readonly heapAfterWarmupMB: number;
  readonly heapEndMB: number;
  /** Highest RSS seen at the samples taken every 100,000 calls. */
  readonly rssMaxSampledMB: number;
}

const { values } = parseArgs({
  options: {
    socket: { type: 'string' },
    calls: { type: 'string', default: '1000000' },
    'warmup-calls': { type: 'string', default: '50000' },
    concurrency: { type: 'string', default: '50' },
    'max-ms': { type: 'string', default: '150000' },
  },
});

const MB = 1024 * 1024;

/** A full GC, so the heap part of RSS is what is live (this child runs with --expose-gc). */
function collect(): NodeJS.MemoryUsage {
  globalThis.gc?.();
  return process.memoryUsage();
}

async function main(): Promise<void> {
  if (values.socket === undefined) throw new TypeError('--socket is required');
  const total = Number(values.calls);
  const warmup = Number(values['warmup-calls']);
  const { client, transport } = connectEchoClient(values.socket);
  const request = { payload: footprintPayload(8) };
  let issued = 0;
  let done = 0;
  let errors = 0;
  let firstError: string | undefined;
  let afterWarmup: NodeJS.MemoryUsage | undefined;
  let maxRss = 0;
  let outOfTime = false;
  const timer = setTimeout(() => {
    outOfTime = true;
  }, Number(values['max-ms']));
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (issued < total && !outOfTime) {
      issued++;
      try {
        await client.unary(request);
      } catch (err) {
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
      done++;
      if (done === warmup) afterWarmup = collect();
      if (done % 100_000 === 0) maxRss = Math.max(maxRss, process.memoryUsage().rss);
    }
  };
  await Promise.all(Array.from({ length: Number(values.concurrency) }, worker));
  const seconds = (performance.now() - started) / 1000;
  clearTimeout(timer);
  await transport.close();
  const end = collect();
  const warm = afterWarmup ?? end;
  const report: RssReport = {
    callsAsked: total,
    calls: done,
    errors,
    firstError,
    seconds,
    rssAfterWarmupMB: warm.rss / MB,
    rssEndMB: end.rss / MB,
    rssGrowthMB: (end.rss - warm.rss) / MB,
    heapAfterWarmupMB: warm.heapUsed / MB,
    heapEndMB: end.heapUsed / MB,
    rssMaxSampledMB: Math.max(maxRss, end.rss) / MB,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`rss-client: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
