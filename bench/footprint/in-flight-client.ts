/**
 * The in-flight child of the footprint scenario: `--calls` Unary calls started at once through our
 * client to an echo server that delays each reply (so they really are in flight together), awaiting
 * them all, for at most `--max-ms` (default 20 s). Beyond the server's SETTINGS_MAX_CONCURRENT_STREAMS the channel opens more sessions (up
 * to 4) and then nghttp2 queues streams until one frees: calls wait, none may fail. Prints an
 * InFlightReport as JSON.
 *
 *   node --import tsx bench/footprint/in-flight-client.ts --socket /abs.sock [--calls 10000] \
 *     [--max-ms 20000] [--keepalive-timeout-ms N]   (default: sdk-core's, a PING every 30 s answered within 10 s)
 */
import { parseArgs } from 'node:util';
import { connectEchoClient, footprintPayload } from './echo-client.js';

/** What the in-flight child reports. */
export interface InFlightReport {
  readonly calls: number;
  readonly errors: number;
  /** Calls neither answered nor failed when `--max-ms` ran out. */
  readonly unsettled: number;
  readonly firstError: string | undefined;
  /** From the first call started to the last one settled (or to `--max-ms`). */
  readonly seconds: number;
  /** HTTP/2 sessions the channel opened for them. */
  readonly sessions: number;
  readonly rssPeakMB: number;
}

const { values } = parseArgs({
  options: {
    socket: { type: 'string' },
    calls: { type: 'string', default: '10000' },
    'keepalive-timeout-ms': { type: 'string' },
    'max-ms': { type: 'string', default: '20000' },
  },
});

async function main(): Promise<void> {
  if (values.socket === undefined) throw new TypeError('--socket is required');
  const keepaliveTimeout = values['keepalive-timeout-ms'];
  const { client, transport } = connectEchoClient(
    values.socket,
    keepaliveTimeout === undefined ? undefined : Number(keepaliveTimeout),
  );
  const request = { payload: footprintPayload(8) };
  await client.unary(request); // connected before the burst, as in an app that has been running
  let rssPeak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 50);
  const calls = Number(values.calls);
  let succeeded = 0;
  let failed = 0;
  let firstError: string | undefined;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    // A stalled peer must not hold the suite: what has not settled by then is reported as unsettled.
    const cap = setTimeout(resolve, Number(values['max-ms']));
    const settle = (): void => {
      if (succeeded + failed === calls) {
        clearTimeout(cap);
        resolve();
      }
    };
    for (let i = 0; i < calls; i++) {
      client.unary(request).then(
        () => {
          succeeded++;
          settle();
        },
        (err: unknown) => {
          failed++;
          firstError ??= err instanceof Error ? err.message : String(err);
          settle();
        },
      );
    }
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const report: InFlightReport = {
    calls,
    errors: failed,
    unsettled: calls - succeeded - failed,
    firstError,
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
