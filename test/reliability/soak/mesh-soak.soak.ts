/**
 * `pnpm test:soak` (issue 6 "Load"): minutes of mixed unary and server-streaming calls through
 * `createMeshClient`, with the sidecar — `dubbo-mesh sidecar` in its own process — restarted every
 * few seconds, alternately after SIGTERM (drain) and SIGKILL. Asserts: no failed unary call (marked
 * idempotent, so the mesh client re-sends it via Fat), no failed server stream except those cut
 * mid-way by a SIGKILL (their messages already reached the caller, so no client can re-send them
 * transparently; each fails UNAVAILABLE, seen by the caller, never lost), no unhandled rejection,
 * and heap and active handles not growing between a sample after warm-up and one at the end.
 *
 * SOAK_SECONDS (default 180) sets the length; SOAK_RESTART_MS (default 3000) the restart period.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Code, RpcError } from '@dubbo-mesh/sdk-core';
import { createMeshClient, type ModeChange } from '@dubbo-mesh/sdk-fat';
import { describe, expect, it } from 'vitest';
import { startSidecarProcess } from '../../mesh/sidecar-process.js';
import { type GrpcPeer, startGrpcServer } from '../../peers/grpc-server.js';
import { TEST_SERVICE_NAME } from '../../peers/test-service-definition.js';
import { testService } from '../../sidecar/test-service.js';
import { tally } from '../tally.js';
import { gcExposed, mebibytes, type ResourceSample, sampleResources } from './resource-sample.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 180);
const RESTART_EVERY_MS = Number(process.env.SOAK_RESTART_MS ?? 3_000);
const WARM_UP_SECONDS = Math.min(30, Math.max(10, SECONDS / 5));
const UNARY_WORKERS = 6;
const STREAM_WORKERS = 2;
/** Growth allowed from the warm-up sample to the end: GC timing and pools vary, leaks keep growing. */
const HEAP_TOLERANCE_BYTES = 16 * 1024 * 1024;
const HEAP_TOLERANCE_RATIO = 1.5;
const HANDLE_TOLERANCE = 16;
/** A stream failing this soon after a SIGKILL was cut by it (the kill is noticed within ~1 s). */
const KILL_WINDOW_MS = 3_000;
const AREA = 'soak';

const TestService = testService();

interface Counts {
  unaryOk: number;
  streamOk: number;
  failures: string[];
  /** Server streams that failed UNAVAILABLE after a SIGKILL, while open: the caller saw the error. */
  streamsCutByKill: number;
  restartsTerm: number;
  restartsKill: number;
}

describe('soak: the mesh client under sidecar restarts', () => {
  it(`runs ${SECONDS} s of mixed calls without a failure or growth`, async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    const dir = mkdtempSync(join(tmpdir(), 'dm-soak-'));
    const providers: GrpcPeer[] = [
      await startGrpcServer({ name: 'p1' }),
      await startGrpcServer({ name: 'p2' }),
    ];
    const registry = join(dir, 'providers.yaml');
    writeFileSync(
      registry,
      `providers:\n${providers.map((p) => `  - tri://${p.address}/${TEST_SERVICE_NAME}?application=soak\n`).join('')}`,
    );
    const sidecar = await startSidecarProcess({
      kind: 'dubbo-mesh',
      socketPath: join(dir, 'sidecar.sock'),
      upstream: providers[0]!.address,
      registry: `file:${registry}`,
    });
    const mesh = createMeshClient({
      application: 'soak',
      sidecar: sidecar.endpoint,
      registry: `file:${registry}`,
      idempotent: ['Unary', 'ServerStream'],
      unhealthyAfter: 2,
      probe: { healthyProbesToReturn: 3, backoff: { initialMs: 100, maxMs: 1_000 } },
      thin: { keepalive: { intervalMs: 500, timeoutMs: 500 }, healthIntervalMs: 500, healthTimeoutMs: 500 },
    });
    const changes: ModeChange[] = [];
    mesh.on('modeChange', (change) => changes.push(change));
    const client = mesh.client(TestService);
    const counts: Counts = {
      unaryOk: 0,
      streamOk: 0,
      failures: [],
      streamsCutByKill: 0,
      restartsTerm: 0,
      restartsKill: 0,
    };
    /** When the sidecar was last SIGKILLed: a stream cut then is expected; after a drain it is not. */
    let lastKillAt = Number.NEGATIVE_INFINITY;
    const justKilled = (): boolean => performance.now() - lastKillAt < KILL_WINDOW_MS;
    const started = performance.now();
    const elapsedS = (): number => (performance.now() - started) / 1000;
    let running = true;

    const fail = (what: string, error: unknown): void => {
      const text = error instanceof RpcError ? `${error.codeName}: ${error.message}` : String(error);
      if (counts.failures.length < 20) counts.failures.push(`${elapsedS().toFixed(1)} s ${what}: ${text}`);
      else counts.failures.push(what);
    };
    const unaryWorker = async (id: number): Promise<void> => {
      for (let i = 0; running; i++) {
        try {
          await client.unary({ message: `u${id}-${i}` }, { timeoutMs: 5_000 });
          counts.unaryOk++;
        } catch (error) {
          fail('unary', error);
        }
      }
    };
    const streamWorker = async (id: number): Promise<void> => {
      for (let i = 0; running; i++) {
        try {
          let received = 0;
          for await (const _ of client.serverStream(
            { message: `s${id}-${i}`, count: 5 },
            { timeoutMs: 5_000 },
          )) {
            received++;
          }
          if (received !== 5) throw new Error(`stream ended after ${received} of 5 messages`);
          counts.streamOk++;
        } catch (error) {
          if (justKilled() && error instanceof RpcError && error.code === Code.Unavailable) {
            counts.streamsCutByKill++;
          } else {
            fail('server stream', error);
          }
        }
      }
    };
    const restarter = async (): Promise<void> => {
      for (let n = 0; running; n++) {
        await new Promise((resolve) => setTimeout(resolve, RESTART_EVERY_MS));
        if (!running) break;
        if (n % 2 === 0) {
          await sidecar.drain();
          counts.restartsTerm++;
        } else {
          lastKillAt = performance.now();
          await sidecar.kill();
          counts.restartsKill++;
        }
        await sidecar.restart();
      }
    };

    const workers = [
      ...Array.from({ length: UNARY_WORKERS }, (_, id) => unaryWorker(id)),
      ...Array.from({ length: STREAM_WORKERS }, (_, id) => streamWorker(id)),
      restarter(),
    ];
    let warm: ResourceSample | undefined;
    let end: ResourceSample | undefined;
    try {
      await new Promise((resolve) => setTimeout(resolve, WARM_UP_SECONDS * 1000));
      warm = sampleResources();
      await new Promise((resolve) => setTimeout(resolve, (SECONDS - WARM_UP_SECONDS) * 1000));
      end = sampleResources();
    } finally {
      running = false;
      await Promise.all(workers);
      await mesh.close();
      await sidecar.close();
      await Promise.all(providers.map((p) => p.close()));
      rmSync(dir, { recursive: true, force: true });
      process.off('unhandledRejection', onUnhandled);
    }

    const calls = counts.unaryOk + counts.streamOk + counts.streamsCutByKill + counts.failures.length;
    tally('fault', counts.restartsTerm + counts.restartsKill, AREA);
    tally('call', calls, AREA);
    tally('lost', counts.failures.length, AREA);
    const summary = [
      `soak: ${elapsedS().toFixed(0)} s, ${calls} calls (${counts.unaryOk} unary ok, ${counts.streamOk} streams ok, ${counts.streamsCutByKill} streams cut by SIGKILL, ${counts.failures.length} failed)`,
      `  sidecar restarts: ${counts.restartsTerm} after SIGTERM, ${counts.restartsKill} after SIGKILL; mode changes: ${changes.length}`,
      `  heap after warm-up ${mebibytes(warm!.heapUsed)}, at the end ${mebibytes(end!.heapUsed)}${gcExposed() ? '' : ' (no --expose-gc: noisy)'}`,
      `  active resources after warm-up ${warm!.activeResources} ${JSON.stringify(warm!.byKind)}, at the end ${end!.activeResources} ${JSON.stringify(end!.byKind)}`,
      `  unhandled rejections: ${unhandled.length}`,
    ].join('\n');
    console.log(summary);

    expect(counts.failures, summary).toEqual([]);
    expect(unhandled.map(String)).toEqual([]);
    expect(counts.restartsTerm + counts.restartsKill).toBeGreaterThanOrEqual(2);
    expect(changes.some((c) => c.to === 'fat')).toBe(true);
    expect(end!.heapUsed, summary).toBeLessThanOrEqual(
      Math.max(warm!.heapUsed * HEAP_TOLERANCE_RATIO, warm!.heapUsed + HEAP_TOLERANCE_BYTES),
    );
    expect(end!.activeResources, summary).toBeLessThanOrEqual(warm!.activeResources + HANDLE_TOLERANCE);
  });
});
