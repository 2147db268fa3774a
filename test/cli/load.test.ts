/** Load mode (`--repeat N --concurrency C`, `--duration S`): one JSON report line, exit 0 iff nothing failed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { type HessianProviderPeer, startHessianProvider } from '../peers/hessian-provider.js';
import { assertCliBuilt, deadEndpoint, jsonLines, runCli, TEST_PROTO } from './run-cli.js';

const UNARY = 'dubbomesh.test.TestService/Unary';

interface Report {
  ok: number;
  failed: number;
  p50_ms: number;
  p99_ms: number;
  rps: number;
  cpu_us_per_call: number;
  modes: Record<string, number>;
  errors: Record<string, number>;
  switches: unknown[];
}

function onlyReport(stdout: string): Report {
  const lines = jsonLines(stdout);
  expect(lines).toHaveLength(1);
  return lines[0] as Report;
}

describe('dubbo-mesh call in load mode', () => {
  let grpc: GrpcPeer;
  let hessian: HessianProviderPeer;
  beforeAll(async () => {
    assertCliBuilt();
    [grpc, hessian] = await Promise.all([startGrpcServer(), startHessianProvider()]);
  });
  afterAll(() => Promise.all([grpc?.close(), hessian?.close()]));

  it('--repeat 200 --concurrency 10 prints one report line and exits 0', async () => {
    const before = grpc.calls;
    const run = await runCli([
      'call',
      UNARY,
      '{"message":"load"}',
      '--direct',
      grpc.address,
      '--proto',
      TEST_PROTO,
      '--repeat',
      '200',
      '--concurrency',
      '10',
    ]);
    expect(run.code).toBe(0);
    // stderr is a pipe here, not a TTY: no progress line.
    expect(run.stderr).toBe('');
    const report = onlyReport(run.stdout);
    expect(Object.keys(report)).toEqual([
      'ok',
      'failed',
      'p50_ms',
      'p99_ms',
      'rps',
      'cpu_us_per_call',
      'modes',
      'errors',
      'switches',
    ]);
    expect(report).toMatchObject({ ok: 200, failed: 0, modes: { direct: 200 }, errors: {}, switches: [] });
    expect(report.p50_ms).toBeGreaterThan(0);
    expect(report.p99_ms).toBeGreaterThanOrEqual(report.p50_ms);
    expect(report.rps).toBeGreaterThan(0);
    expect(report.cpu_us_per_call).toBeGreaterThan(0);
    expect(grpc.calls - before).toBe(200);
  });

  it('runs Java calls for --duration seconds', async () => {
    const before = hessian.calls.length;
    const run = await runCli([
      'call',
      'org.apache.dubbo.demo.DemoService/add',
      '[1,2]',
      '--direct',
      hessian.address,
      '--types',
      'int,int',
      '--duration',
      '0.5',
      '--concurrency',
      '4',
    ]);
    expect(run.code).toBe(0);
    const report = onlyReport(run.stdout);
    expect(report.failed).toBe(0);
    expect(report.ok).toBeGreaterThan(0);
    expect(report.ok).toBe(hessian.calls.length - before);
    expect(report.modes).toEqual({ direct: report.ok });
  });

  it('against a dead endpoint counts every call as UNAVAILABLE and exits 2', async () => {
    const run = await runCli([
      'call',
      UNARY,
      '{}',
      '--direct',
      await deadEndpoint(),
      '--proto',
      TEST_PROTO,
      '--repeat',
      '50',
      '--concurrency',
      '5',
    ]);
    expect(run.code).toBe(2);
    const report = onlyReport(run.stdout);
    expect(report).toMatchObject({ ok: 0, failed: 50, errors: { UNAVAILABLE: 50 }, modes: { direct: 50 } });
  });

  it('exits 2 when only some calls fail', async () => {
    const run = await runCli([
      'call',
      UNARY,
      '{"failCode":8,"failMessage":"busy"}',
      '--direct',
      grpc.address,
      '--proto',
      TEST_PROTO,
      '--repeat',
      '5',
    ]);
    expect(run.code).toBe(2);
    expect(onlyReport(run.stdout)).toMatchObject({ ok: 0, failed: 5, errors: { RESOURCE_EXHAUSTED: 5 } });
  });

  it('refuses --concurrency without --repeat or --duration, and both together', async () => {
    const alone = await runCli([
      'call',
      UNARY,
      '--direct',
      grpc.address,
      '--proto',
      TEST_PROTO,
      '--concurrency',
      '4',
    ]);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(/--concurrency needs --repeat N or --duration S/);
    const both = await runCli([
      'call',
      UNARY,
      '--direct',
      grpc.address,
      '--proto',
      TEST_PROTO,
      '--repeat',
      '4',
      '--duration',
      '1',
    ]);
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/--repeat and --duration are mutually exclusive/);
  });
});
