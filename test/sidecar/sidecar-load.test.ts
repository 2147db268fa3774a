/** 5,000 calls through a sidecar process, 50 in flight, over two providers: not one may fail. */
import { createClient, createHttp2Transport, type Http2Transport } from '@dubbo-mesh/sdk-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FatFiles, makeFatFiles } from '../cli/fat-files.js';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { type SidecarProcess, startSidecarProcess } from './sidecar-process.js';
import { TEST_SERVICE, testService } from './test-service.js';

const CALLS = 5_000;
const CONCURRENCY = 50;

describe('dubbo-mesh sidecar: load', () => {
  let files: FatFiles;
  let a: GrpcPeer;
  let b: GrpcPeer;
  let sidecar: SidecarProcess;
  let transport: Http2Transport;

  beforeAll(async () => {
    [a, b] = await Promise.all([startGrpcServer({ name: 'a' }), startGrpcServer({ name: 'b' })]);
    files = makeFatFiles();
    files.writeProviders([
      `tri://${a.address}/${TEST_SERVICE}?application=echo`,
      `tri://${b.address}/${TEST_SERVICE}?application=echo`,
    ]);
    sidecar = await startSidecarProcess([
      '--listen',
      `unix:${files.dir}/sidecar.sock`,
      '--registry',
      files.registry,
    ]);
    transport = createHttp2Transport(`unix:${sidecar.socketPath}`, { authority: 'sidecar' });
  });
  afterAll(async () => {
    await transport?.close();
    await sidecar?.kill();
    await Promise.all([a?.close(), b?.close()]);
    files?.remove();
  });

  it(`carries ${CALLS} calls with zero failures`, { timeout: 60_000 }, async () => {
    const client = createClient(testService(), transport, { application: 'load' });
    let next = 0;
    let ok = 0;
    const failures: string[] = [];
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CALLS) {
          const i = next++;
          try {
            const reply = await client.unary({ message: `m${i}` }, { timeoutMs: 10_000 });
            if (reply.message === `m${i}`) ok++;
            else failures.push(`call ${i}: wrong reply ${String(reply.message)}`);
          } catch (err) {
            failures.push(`call ${i}: ${String(err)}`);
          }
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(`sidecar load: ${ok} ok, ${failures.length} failed, ${Math.round(CALLS / seconds)} calls/s`);
    expect(failures.slice(0, 5)).toEqual([]);
    expect(ok).toBe(CALLS);
    expect(a.calls + b.calls).toBe(CALLS);
    expect(Math.min(a.calls, b.calls)).toBeGreaterThan(CALLS / 4);
  });
});
