/**
 * The sidecar answers grpc.health.v1.Health/Check itself (never forwarded), on the Unix socket and on
 * loopback TCP, and serves Prometheus metrics counting calls, errors, latency and bytes per method.
 */
import {
  Code,
  checkHealth,
  createClient,
  createHttp2Transport,
  type Http2Transport,
} from '@dubbo-mesh/sdk-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FatFiles, makeFatFiles } from '../cli/fat-files.js';
import { jsonLines, runCli } from '../cli/run-cli.js';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { rawGrpcCall, rawSession } from '../peers-selftest/raw-grpc-call.js';
import { type SidecarProcess, startSidecarProcess } from './sidecar-process.js';
import { rejection, TEST_SERVICE, testService } from './test-service.js';

/** The value of one sample line of the exposition text, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.lastIndexOf('}'));
    const found = Object.fromEntries([...body.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('dubbo-mesh sidecar: health and metrics', () => {
  let files: FatFiles;
  let peer: GrpcPeer;
  let sidecar: SidecarProcess;
  let transport: Http2Transport;

  beforeAll(async () => {
    peer = await startGrpcServer({ name: 'p' });
    files = makeFatFiles();
    files.writeProviders([`tri://${peer.address}/${TEST_SERVICE}?application=echo`]);
    sidecar = await startSidecarProcess([
      '--listen',
      `unix:${files.dir}/sidecar.sock`,
      '--listen-tcp',
      '127.0.0.1:0',
      '--registry',
      files.registry,
      '--metrics',
      '127.0.0.1:0',
    ]);
    transport = createHttp2Transport(`unix:${sidecar.socketPath}`, { authority: 'sidecar' });
  });
  afterAll(async () => {
    await transport?.close();
    await sidecar?.kill();
    await peer?.close();
    files?.remove();
  });

  it('answers Health/Check itself, on the socket and on loopback TCP', async () => {
    const calls = peer.calls;
    expect(await checkHealth(transport)).toBe('SERVING');
    expect(await checkHealth(transport, TEST_SERVICE)).toBe('SERVING');
    expect(await checkHealth(transport, 'absent.Service')).toBe('NOT_SERVING');
    expect(sidecar.tcpAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    const tcp = createHttp2Transport(sidecar.tcpAddress!);
    try {
      expect(await checkHealth(tcp)).toBe('SERVING');
    } finally {
      await tcp.close();
    }
    const cli = await runCli(['health', `unix:${sidecar.socketPath}`]);
    expect(cli.code).toBe(0);
    expect(jsonLines(cli.stdout)).toEqual([{ status: 'SERVING' }]);
    expect(peer.calls).toBe(calls);
  });

  it('does not forward other health methods', async () => {
    const session = rawSession(`unix:${sidecar.socketPath}`);
    try {
      const watch = await rawGrpcCall(session, '/grpc.health.v1.Health/Watch', new Uint8Array(0));
      expect(watch.headers['grpc-status']).toBe(String(Code.Unimplemented));
    } finally {
      session.close();
    }
  });

  it('serves Prometheus metrics: calls and errors by grpc-status, latency and bytes per method', async () => {
    const client = createClient(testService(), transport);
    for (let i = 0; i < 3; i++) await client.unary({ message: `ok${i}` });
    await rejection(client.unary({ message: 'bad', failCode: Code.NotFound, failMessage: 'gone' }));
    expect(sidecar.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const response = await fetch(sidecar.metricsUrl!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    const unary = { service: TEST_SERVICE, method: 'Unary' };
    expect(sample(text, 'dubbo_mesh_sidecar_calls_total', { ...unary, grpc_code: 'OK' })).toBe(3);
    expect(sample(text, 'dubbo_mesh_sidecar_calls_total', { ...unary, grpc_code: 'NOT_FOUND' })).toBe(1);
    expect(sample(text, 'dubbo_mesh_sidecar_call_errors_total', { ...unary, grpc_code: 'NOT_FOUND' })).toBe(
      1,
    );
    expect(
      sample(text, 'dubbo_mesh_sidecar_call_errors_total', { ...unary, grpc_code: 'OK' }),
    ).toBeUndefined();
    expect(sample(text, 'dubbo_mesh_sidecar_call_duration_seconds_count', unary)).toBe(4);
    expect(sample(text, 'dubbo_mesh_sidecar_request_bytes_total', unary)).toBeGreaterThan(4 * 5);
    expect(sample(text, 'dubbo_mesh_sidecar_response_bytes_total', unary)).toBeGreaterThan(3 * 5);
    expect(text).toMatch(/^dubbo_mesh_sidecar_calls_in_flight 0$/m);
    // Health checks are the sidecar's own, not forwarded calls.
    expect(text).not.toMatch(/grpc\.health\.v1/);
  });
});
