/** `dubbo-mesh call --sidecar <endpoint>`: Thin mode through a sidecar (nginx on a UDS in front of grpc-js). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SidecarProcess, startSidecarProcess } from '../mesh/sidecar-process.js';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { assertCliBuilt, jsonLines, runCli, TEST_PROTO } from './run-cli.js';

const UNARY = 'dubbomesh.test.TestService/Unary';

describe('dubbo-mesh call --sidecar', () => {
  let dir: string;
  let peer: GrpcPeer;
  let sidecar: SidecarProcess;

  beforeAll(async () => {
    assertCliBuilt();
    dir = mkdtempSync(join(tmpdir(), 'dm-cli-thin-'));
    peer = await startGrpcServer({ name: 'behind-sidecar' });
    sidecar = await startSidecarProcess({
      kind: 'nginx',
      socketPath: join(dir, 'sidecar.sock'),
      upstream: peer.address,
      registry: 'file:/unused.yaml',
    });
  });
  afterAll(async () => {
    await sidecar?.close();
    await peer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('calls through the sidecar with the consumer app and attachments', async () => {
    const run = await runCli([
      'call',
      UNARY,
      '{"message":"thin"}',
      '--sidecar',
      sidecar.endpoint,
      '--proto',
      TEST_PROTO,
      '--app',
      'cli-thin',
      '--attachment',
      'x-lane=gray',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [reply] = jsonLines(run.stdout) as [
      { message: string; server: string; metadata: Record<string, string> },
    ];
    expect(reply).toMatchObject({ message: 'thin', server: 'behind-sidecar' });
    expect(reply.metadata).toMatchObject({ 'tri-consumer-appname': 'cli-thin', 'x-lane': 'gray' });
  });

  it('takes the endpoint from DUBBO_MESH_SIDECAR when --sidecar is empty', async () => {
    process.env.DUBBO_MESH_SIDECAR = sidecar.endpoint;
    try {
      const run = await runCli(['call', UNARY, '{"message":"env"}', '--sidecar=', '--proto', TEST_PROTO]);
      expect(run.code).toBe(0);
      expect(jsonLines(run.stdout)).toEqual([expect.objectContaining({ message: 'env' })]);
    } finally {
      delete process.env.DUBBO_MESH_SIDECAR;
    }
  });

  it('load mode counts the calls as thin', async () => {
    const run = await runCli([
      'call',
      UNARY,
      '{"message":"load"}',
      '--sidecar',
      sidecar.endpoint,
      '--proto',
      TEST_PROTO,
      '--repeat',
      '50',
      '--concurrency',
      '5',
    ]);
    expect(run.code).toBe(0);
    const [report] = jsonLines(run.stdout) as [Record<string, unknown>];
    expect(report).toMatchObject({ ok: 50, failed: 0, modes: { thin: 50 }, switches: [] });
  });

  it('a sidecar that is not there is an RPC error (UNAVAILABLE, exit 2) naming the socket', async () => {
    const missing = `unix:${join(dir, 'missing.sock')}`;
    const run = await runCli(['call', UNARY, '{}', '--sidecar', missing, '--proto', TEST_PROTO]);
    expect(run.code).toBe(2);
    const [error] = jsonLines(run.stderr) as [{ codeName: string; message: string }];
    expect(error.codeName).toBe('UNAVAILABLE');
    expect(error.message).toContain('missing.sock');
  });
});
