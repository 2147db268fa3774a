/**
 * The client child of the sidecar scenario: our Thin client (`createThinClient`, what an app in the
 * mesh writes) calling TestService/Unary through whatever listens on `--socket` (our sidecar, nginx,
 * HAProxy), with `--concurrency` calls in flight. Prints `window-start` and `window-end` around the
 * measured window (the parent reads the proxy's CPU time there) and the ClosedLoopResult as JSON on
 * the last line.
 *
 *   node --import tsx bench/sidecar/thin-load-client.ts --socket /abs.sock --payload-bytes 8 \
 *     [--concurrency 50] [--warmup-ms 500] [--duration-ms 2000]
 */
import { parseArgs } from 'node:util';
import { loadProtoService } from '@dubbo-mesh/sdk-core';
import { loadSdkThin } from '../clients/sdk-thin-module.js';
import { runClosedLoop } from '../harness/closed-loop.js';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../harness/test-service.js';

interface EchoClient {
  unary(request: { payload: Uint8Array }): Promise<{ payload?: Uint8Array }>;
}

const { values } = parseArgs({
  options: {
    socket: { type: 'string' },
    'payload-bytes': { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '50' },
    'warmup-ms': { type: 'string', default: '500' },
    'duration-ms': { type: 'string', default: '2000' },
  },
});

async function main(): Promise<void> {
  if (values.socket === undefined) throw new TypeError('--socket is required');
  const payload = Buffer.alloc(Number(values['payload-bytes']));
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 31 + 7) & 0xff;
  // The bench package does not depend on sdk-thin: load its built entry as an app would get it.
  const { createThinClient } = await loadSdkThin();
  const thin = createThinClient({
    application: 'bench-consumer',
    sidecar: `unix:${values.socket}`,
    // nginx and HAProxy do not serve grpc.health.v1: no checks during the run, for every proxy alike.
    healthIntervalMs: 0,
    // A starved shared machine can delay a PING ack past the default 1 s: that would measure the
    // machine, not the proxy (the chaos tests cover failure detection).
    keepalive: { intervalMs: 10_000, timeoutMs: 10_000 },
  });
  const service = loadProtoService<{ unary: 'unary' }>(TEST_PROTO_PATH, TEST_SERVICE_NAME);
  const client = thin.client(service) as unknown as EchoClient;
  const request = { payload };
  const first = await client.unary(request);
  if (!Buffer.from(first.payload ?? []).equals(payload))
    throw new Error('the echoed payload differs from the one sent');
  const result = await runClosedLoop(() => client.unary(request), {
    concurrency: Number(values.concurrency),
    warmupMs: Number(values['warmup-ms']),
    durationMs: Number(values['duration-ms']),
    beforeWindow: async () => {
      process.stdout.write('window-start\n');
    },
    afterWindow: async () => {
      process.stdout.write('window-end\n');
    },
  });
  await thin.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `thin-load-client: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
