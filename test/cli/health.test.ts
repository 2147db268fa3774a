/** `dubbo-mesh health` against a real grpc-js health service (test/peers/health-server.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { type HealthPeer, startHealthServer } from '../peers/health-server.js';
import { tempSocketPath } from '../peers/temp-socket.js';
import { assertCliBuilt, deadEndpoint, jsonLines, runCli } from './run-cli.js';

describe('dubbo-mesh health', () => {
  let health: HealthPeer;
  let udsHealth: HealthPeer;
  let noHealth: GrpcPeer;
  beforeAll(async () => {
    assertCliBuilt();
    [health, udsHealth, noHealth] = await Promise.all([
      startHealthServer({ statuses: { '': 'SERVING', known: 'SERVING', draining: 'NOT_SERVING' } }),
      startHealthServer({ uds: tempSocketPath('health.sock') }),
      startGrpcServer(),
    ]);
  });
  afterAll(() => Promise.all([health?.close(), udsHealth?.close(), noHealth?.close()]));

  it('prints {"status":"SERVING"} and exits 0 for the server as a whole', async () => {
    const run = await runCli(['health', health.address]);
    expect(run).toEqual({ code: 0, stdout: '{"status":"SERVING"}\n', stderr: '' });
    expect(health.checked.at(-1)).toBe('');
  });

  it('asks about --service, over a Unix socket too', async () => {
    const run = await runCli(['health', health.address, '--service', 'known']);
    expect(run.code).toBe(0);
    expect(health.checked.at(-1)).toBe('known');
    const uds = await runCli(['health', udsHealth.address, '--service', 'known']);
    expect(uds).toEqual({ code: 0, stdout: '{"status":"SERVING"}\n', stderr: '' });
  });

  it('exits 2 for a status other than SERVING, still printing it', async () => {
    const run = await runCli(['health', health.address, '--service', 'draining']);
    expect(run).toEqual({ code: 2, stdout: '{"status":"NOT_SERVING"}\n', stderr: '' });
  });

  it('exits 2 with NOT_FOUND on stderr for an unknown service', async () => {
    const run = await runCli(['health', health.address, '--service', 'nope']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(jsonLines(run.stderr)).toEqual([
      { code: 5, codeName: 'NOT_FOUND', message: 'unknown service nope' },
    ]);
  });

  it('exits 2 with UNIMPLEMENTED for a server without a health service', async () => {
    const run = await runCli(['health', noHealth.address]);
    expect(run.code).toBe(2);
    expect(jsonLines(run.stderr)).toEqual([expect.objectContaining({ code: 12, codeName: 'UNIMPLEMENTED' })]);
  });

  it('exits 2 with UNAVAILABLE when nothing listens', async () => {
    const run = await runCli(['health', await deadEndpoint()]);
    expect(run.code).toBe(2);
    expect(jsonLines(run.stderr)).toEqual([expect.objectContaining({ code: 14, codeName: 'UNAVAILABLE' })]);
  });

  it('needs an endpoint', async () => {
    const run = await runCli(['health']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/health needs an <endpoint>/);
  });
});
