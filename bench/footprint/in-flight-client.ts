/**
 * The in-flight child of the footprint scenario: `--calls` Unary calls started at once through our
 * client to an echo server that delays each reply (so they really are in flight together), awaiting
 * them all. Beyond the server's SETTINGS_MAX_CONCURRENT_STREAMS the channel opens more sessions (up
 * to 4) and then nghttp2 queues streams until one frees: calls wait, none may fail. Prints an
 * InFlightReport as JSON.
 *
 *   node --import tsx bench/footprint/in-flight-client.ts --socket /abs.sock [--calls 10000]
 */
import { parseArgs } from 'node:util';
import { connectEchoClient, footprintPayload } from './echo-client.js';

/** What the in-flight child reports. */
export interface InFlightReport {
  readonly calls: number;
  readonly errors: number;
  readonly firstError: string | undefined;
  /** From the first call started to the last one settled. */
  readonly seconds: number;
  /** HTTP/2 sessions the channel opened for them. */
  readonly sessions: number;
  readonly rssPeakMB: number;
}

const { values } = parseArgs({
  options: {
    socket: { type: 'string' },
    calls: { type: 'string', default: '10000' },
  },
});

async function main(): Promise<void> {
  if (values.socket === undefined) throw new TypeError('--socket is required');
  const { client, transport } = connectEchoClient(values.socket);
  const request = { payload: footprintPayload(8) };
  await client.unary(request); // connected before the burst, as in an app that has been running
  let rssPeak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  const settled = await Promise.allSettled(
    Array.from({ length: Number(values.calls) }, () => client.unary(request)),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  const first: unknown = failures[0]?.reason;
  const report: InFlightReport = {
    calls: settled.length,
    errors: failures.length,
    firstError: first === undefined ? undefined : first instanceof Error ? first.message : String(first),
    seconds,
    sessions: transport.channel.stats.sessionsOpened,
    rssPeakMB: rssPeak / (1024 * 1024),
  };
  await transport.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `in-flight-client: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
