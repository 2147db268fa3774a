/**
 * Fault: a sidecar GOAWAY storm (issue 6 "Faults"). nginx as the sidecar on a UDS, with
 * `keepalive_requests 10`, ends every connection with a GOAWAY after 10 streams; under concurrent
 * unary and server-streaming load every call still succeeds (http2-notes.md: never fail a call
 * because of a graceful GOAWAY). The count of GOAWAYs received is the faults tally.
 */
import { createClient, createHttp2Transport, loadProtoService, RpcError } from '@dubbo-mesh/sdk-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../../peers/grpc-server.js';
import { hasNginx, startNginx } from '../../peers/nginx.js';
import type { ProxyPeer } from '../../peers/proxy-process.js';
import { tempSocketPath } from '../../peers/temp-socket.js';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../../peers/test-service-definition.js';
import { tally } from '../tally.js';

const TestService = loadProtoService<{ unary: 'unary'; serverStream: 'server_streaming' }>(
  TEST_PROTO_PATH,
  TEST_SERVICE_NAME,
);
const AREA = 'GOAWAY storm';
const STREAMS_PER_CONNECTION = 10;
const UNARY_CALLS = 1_500;
const STREAM_CALLS = 100;
const CONCURRENCY = 20;

describe.skipIf(!hasNginx())('a GOAWAY storm from the sidecar (nginx, keepalive_requests 10)', () => {
  let upstream: GrpcPeer;
  let nginx: ProxyPeer;

  beforeAll(async () => {
    upstream = await startGrpcServer({ name: 'behind-nginx' });
    nginx = await startNginx({
      socketPath: tempSocketPath('goaway-storm.sock'),
      upstream: upstream.address,
      keepaliveRequests: STREAMS_PER_CONNECTION,
    });
  });
  afterAll(async () => {
    await nginx?.close();
    await upstream?.close();
  });

  it('fails no unary or server-streaming call', async () => {
    const transport = createHttp2Transport(`unix:${nginx.socketPath}`, { authority: 'test.service.local' });
    const client = createClient(TestService, transport);
    const failures: Record<string, number> = {};
    let next = 0;
    let calls = 0;
    const samples: string[] = [];
    const total = UNARY_CALLS + STREAM_CALLS;
    async function worker(): Promise<void> {
      while (next < total) {
        const i = next++;
        calls++;
        try {
          if (i % (total / STREAM_CALLS) === 0) {
            const indexes: number[] = [];
            for await (const m of client.serverStream(
              { message: `s${i}`, count: 5 },
              { timeoutMs: 10_000 },
            )) {
              indexes.push(Number(m.index));
            }
            expect(indexes).toEqual([0, 1, 2, 3, 4]);
          } else {
            await client.unary({ message: `u${i}` }, { timeoutMs: 10_000 });
          }
        } catch (error) {
          const name = error instanceof RpcError ? error.codeName : String(error);
          failures[name] = (failures[name] ?? 0) + 1;
          if (samples.length < 5) samples.push(`${i}: ${String(error)}`);
        }
      }
    }
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    } finally {
      await transport.close();
    }
    const { goawaysReceived } = transport.channel.stats;
    tally('fault', goawaysReceived, AREA);
    tally('call', calls, AREA);
    tally(
      'lost',
      Object.values(failures).reduce((a, b) => a + b, 0),
      AREA,
    );
    expect(failures, samples.join('\n')).toEqual({});
    expect(calls).toBe(total);
    // The test means something only if nginx really did end connections under the load.
    expect(goawaysReceived).toBeGreaterThanOrEqual(total / STREAMS_PER_CONNECTION / 2);
  }, 120_000);
});
