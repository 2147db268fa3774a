/**
 * Hostile requests into a running `dubbo-mesh sidecar` (issue 6: "the process keeps serving, other
 * calls are unaffected"). The sidecar reads only request headers and forwards bodies untouched, so
 * the garbage here is in `:path`, `grpc-timeout`, `tri-*`, `-bin` and `tri-header-convert` headers,
 * header lists of every size, and bodies no provider can decode. Every request must end with a
 * `grpc-status` (or a stream reset) within its deadline, and a normal call on the same connection
 * must keep working throughout.
 */
import http2 from 'node:http2';
import { connect } from 'node:net';
import { createClient, createHttp2Transport, type Http2Transport } from '@dubbo-mesh/sdk-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FatFiles, makeFatFiles } from '../../cli/fat-files.js';
import { type GrpcPeer, startGrpcServer } from '../../peers/grpc-server.js';
import { type SidecarProcess, startSidecarProcess } from '../../sidecar/sidecar-process.js';
import { TEST_SERVICE, testService } from '../../sidecar/test-service.js';
import { tally } from '../tally.js';

const AREA = 'sidecar-inbound';

interface Outcome {
  /** grpc-status from trailers or a trailers-only response; undefined when the stream was reset. */
  status: number | undefined;
  rstCode: number;
  /** HTTP :status of the response: a non-gRPC answer (grpc-js's 415 for a wrong content-type) is one too. */
  httpStatus: number | undefined;
}

describe('a sidecar fed hostile requests', () => {
  let files: FatFiles;
  let provider: GrpcPeer;
  let sidecar: SidecarProcess;
  let session: http2.ClientHttp2Session;
  let transport: Http2Transport;
  let fed = 0;
  let calls = 0;

  beforeAll(async () => {
    provider = await startGrpcServer({ name: 'good' });
    files = makeFatFiles();
    files.writeProviders([`tri://${provider.address}/${TEST_SERVICE}?application=echo`]);
    sidecar = await startSidecarProcess([
      '--listen',
      `unix:${files.dir}/sidecar.sock`,
      '--registry',
      files.registry,
    ]);
    session = http2.connect('http://sidecar', { createConnection: () => connect(sidecar.socketPath) });
    session.on('error', () => {});
    transport = createHttp2Transport(`unix:${sidecar.socketPath}`, { authority: 'sidecar' });
  }, 60_000);
  afterAll(async () => {
    tally('badInput', fed, AREA);
    tally('call', calls, AREA);
    session?.destroy();
    await transport?.close();
    await sidecar?.kill();
    await provider?.close();
    files?.remove();
  });

  /** Sends one raw request and waits for its end, or fails the test after 10 s. */
  function send(headers: http2.OutgoingHttpHeaders, body: Buffer): Promise<Outcome> {
    fed++;
    return new Promise((resolve, reject) => {
      const stream = session.request({ ':method': 'POST', ...headers });
      let status: number | undefined;
      let httpStatus: number | undefined;
      const read = (h: http2.IncomingHttpHeaders): void => {
        if (h['grpc-status'] !== undefined) status = Number(h['grpc-status']);
        if (h[':status'] !== undefined) httpStatus = Number(h[':status']);
      };
      const timer = setTimeout(
        () => reject(new Error(`no answer to ${JSON.stringify(headers).slice(0, 200)}`)),
        10_000,
      );
      stream.on('response', read);
      stream.on('trailers', read);
      stream.on('error', () => {});
      stream.on('close', () => {
        clearTimeout(timer);
        resolve({ status, rstCode: stream.rstCode ?? 0, httpStatus });
      });
      stream.resume();
      stream.end(body);
    });
  }

  async function goodCallWorks(): Promise<void> {
    calls++;
    const client = createClient(testService(), transport, { application: 'shop' });
    const reply = await client.unary({ message: 'still serving' }, { timeoutMs: 5000 });
    expect(reply.server).toBe('good');
  }

  const base = { ':path': `/${TEST_SERVICE}/Unary`, 'content-type': 'application/grpc', te: 'trailers' };
  /** EchoRequest{message: "x"} in a frame. */
  const goodBody = Buffer.from([0, 0, 0, 0, 3, 0x0a, 0x01, 0x78]);

  it('answers malformed paths with a grpc-status and keeps serving', async () => {
    for (const path of [
      '/',
      '/a',
      `/${TEST_SERVICE}/Unary/extra`,
      '/x/y',
      '/%00/%ff',
      `/${'s'.repeat(8000)}/m`,
      '/a?b/c',
    ]) {
      const outcome = await send({ ...base, ':path': path }, goodBody);
      expect(outcome.status ?? outcome.rstCode, path).toBeGreaterThan(0);
    }
    await goodCallWorks();
  });

  it('answers any mix of hostile headers and bodies with a status or a reset, never a hang (1,000 cases)', async () => {
    const headerValue = fc.oneof(
      fc.string({ maxLength: 30 }).map((v) => v.replace(/[\r\n\0]/g, '')),
      fc.constantFrom('', '99999999999H', '-1m', '1e9S', '0n', 'abc', '%', '{"a":', '[]', 'AAAA====', '!!!'),
    );
    const hostileHeaders = fc.record(
      {
        'grpc-timeout': headerValue,
        'tri-service-version': headerValue,
        'tri-service-group': headerValue,
        'tri-consumer-appname': headerValue,
        'tri-header-convert': headerValue,
        'x-trace-bin': headerValue,
        'grpc-encoding': fc.constantFrom('gzip', 'identity', 'snappy', 'x'),
        'content-type': fc.constantFrom(
          'application/grpc',
          'application/grpc+json',
          'text/plain',
          'application/json',
        ),
        'dubbo.tag': headerValue,
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.constant(goodBody),
      fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
    );
    await fc.assert(
      fc.asyncProperty(hostileHeaders, body, async (headers, payload) => {
        const outcome = await send({ ...base, ...headers }, payload);
        // A gRPC status, a reset, or a plain HTTP error a gRPC client maps to a code (triple.md §5).
        const answered =
          outcome.status !== undefined || outcome.rstCode !== 0 || (outcome.httpStatus ?? 200) !== 200;
        expect(answered, JSON.stringify(outcome)).toBe(true);
        if (outcome.status !== undefined) expect(outcome.status).toBeLessThanOrEqual(16);
      }),
      { numRuns: 1_000 },
    );
    await goodCallWorks();
  }, 60_000);

  it('fails header lists over the limit on their own stream and keeps the connection', async () => {
    const many = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`x-h${i}`, 'v'.repeat(20)]));
    const outcome = await send({ ...base, ...many }, goodBody).catch(() => undefined);
    // Whatever the server's limit does (RST, a 431, a status), the sidecar stays up for everyone.
    expect(outcome === undefined || outcome.status !== undefined || outcome.rstCode !== 0).toBe(true);
    await goodCallWorks();
    const wide = await send({ ...base, 'x-wide': 'w'.repeat(30_000) }, goodBody).catch(() => undefined);
    expect(wide === undefined || wide.status !== undefined || wide.rstCode !== 0).toBe(true);
    await goodCallWorks();
    expect(sidecar.child.exitCode).toBeNull();
  });
});
