import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProtoService } from '@dubbo-mesh/sdk-core';
import {
  createMeshClient,
  type MeshClient,
  type MeshClientOptions,
  type ModeChange,
} from '@dubbo-mesh/sdk-fat';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../peers/test-service-definition.js';
import { type CountingPeer, startCountingPeer } from './counting-peer.js';
import { type SidecarKind, type SidecarProcess, startSidecarProcess } from './sidecar-process.js';

/** Short timings, so each chaos test runs in seconds; the assertions are stated in these terms. */
export const KEEPALIVE = { intervalMs: 500, timeoutMs: 500 };
export const PROBE = { healthyProbesToReturn: 3, backoff: { initialMs: 100, maxMs: 1000 } };
export const HEALTH_INTERVAL_MS = 500;

export interface TestEcho {
  unary(
    request: { message: string; delayMs?: number },
    options?: { timeoutMs?: number },
  ): Promise<{ server: string }>;
}

/**
 * Two grpc-js providers (execution counters), a file registry listing both (the Fat path), a sidecar
 * process on a UDS in front of the first (the Thin path), and a mesh client over them.
 */
export interface ChaosRig {
  readonly providers: readonly [CountingPeer, CountingPeer];
  readonly sidecar: SidecarProcess;
  readonly mesh: MeshClient;
  readonly client: TestEcho;
  /** Every mode change so far. */
  readonly changes: ModeChange[];
  /** Calls the providers executed, all together. */
  executions(): number;
  close(): Promise<void>;
}

export async function startChaosRig(
  options: {
    kind?: SidecarKind;
    /** Mark TestService/Unary idempotent (re-sent via Fat after any sidecar failure). */
    idempotentCalls: boolean;
  } & Partial<Omit<MeshClientOptions, 'idempotent'>>,
): Promise<ChaosRig> {
  const { kind, idempotentCalls, ...meshOptions } = options;
  const dir = mkdtempSync(join(tmpdir(), 'dm-chaos-'));
  const providers = [await startCountingPeer('p1'), await startCountingPeer('p2')] as const;
  const registryFile = join(dir, 'providers.yaml');
  writeFileSync(
    registryFile,
    `providers:\n${providers
      .map((p) => `  - tri://${p.address}/${TEST_SERVICE_NAME}?application=chaos-provider\n`)
      .join('')}`,
  );
  const sidecar = await startSidecarProcess({
    ...(kind ? { kind } : {}),
    socketPath: join(dir, 'sidecar.sock'),
    upstream: providers[0].address,
    registry: `file:${registryFile}`,
  });
  const mesh = createMeshClient({
    application: 'chaos-consumer',
    sidecar: sidecar.endpoint,
    registry: `file:${registryFile}`,
    idempotent: idempotentCalls ? ['Unary'] : [],
    unhealthyAfter: 2,
    probe: PROBE,
    thin: { keepalive: KEEPALIVE, healthIntervalMs: HEALTH_INTERVAL_MS, healthTimeoutMs: 500 },
    ...meshOptions,
  });
  const changes: ModeChange[] = [];
  mesh.on('modeChange', (change) => changes.push(change));
  const client = mesh.client(loadProtoService(TEST_PROTO_PATH, TEST_SERVICE_NAME)) as unknown as TestEcho;
  return {
    providers,
    sidecar,
    mesh,
    client,
    changes,
    executions: () => providers[0].executed.length + providers[1].executed.length,
    async close() {
      await mesh.close();
      await sidecar.close();
      await Promise.all(providers.map((p) => p.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
