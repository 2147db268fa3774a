/**
 * `dubbo-mesh call --sidecar E --registry R --mesh`: the mesh client from the command line. Load mode
 * reports `modes` {thin, fat} and `switches` [{at_ms, from, to, reason}] measured from the first call.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CountingPeer, startCountingPeer } from '../mesh/counting-peer.js';
import { type SidecarProcess, startSidecarProcess } from '../mesh/sidecar-process.js';
import { sleep } from '../mesh/steady-load.js';
import { TEST_SERVICE_NAME } from '../peers/test-service-definition.js';
import { assertCliBuilt, jsonLines, runCli, TEST_PROTO } from './run-cli.js';

const UNARY = `${TEST_SERVICE_NAME}/Unary`;

interface Report {
  ok: number;
  failed: number;
  modes: { thin: number; fat: number };
  switches: { at_ms: number; from: string; to: string; reason: string }[];
}

describe('dubbo-mesh call --sidecar --registry --mesh', () => {
  let dir: string;
  let registry: string;
  let providers: CountingPeer[];
  let sidecar: SidecarProcess;

  beforeAll(async () => {
    assertCliBuilt();
    dir = mkdtempSync(join(tmpdir(), 'dm-cli-mesh-'));
    providers = [await startCountingPeer('p1'), await startCountingPeer('p2')];
    const file = join(dir, 'providers.yaml');
    writeFileSync(
      file,
      `providers:\n${providers.map((p) => `  - tri://${p.address}/${TEST_SERVICE_NAME}?application=echo\n`).join('')}`,
    );
    registry = `file:${file}`;
    sidecar = await startSidecarProcess({
      kind: 'nginx',
      socketPath: join(dir, 'sidecar.sock'),
      upstream: providers[0]!.address,
      registry,
    });
  });
  afterAll(async () => {
    await sidecar?.close();
    await Promise.all(providers.map((p) => p.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  const mesh = (endpoint: string, ...flags: string[]) =>
    runCli(
      [
        'call',
        UNARY,
        '{"message":"m","delayMs":5}',
        '--sidecar',
        endpoint,
        '--registry',
        registry,
        '--mesh',
        '--proto',
        TEST_PROTO,
        ...flags,
      ],
      30_000,
    );

  it('a single call goes Thin while the sidecar works', async () => {
    const run = await mesh(sidecar.endpoint);
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([expect.objectContaining({ message: 'm', server: 'p1' })]);
  });

  it('with no sidecar, every call goes Fat and the switch is reported from the first call', async () => {
    const run = await mesh(`unix:${join(dir, 'missing.sock')}`, '--repeat', '20', '--concurrency', '2');
    expect(run.code).toBe(0);
    const [report] = jsonLines(run.stdout) as [Report];
    expect(report).toMatchObject({ ok: 20, failed: 0, modes: { thin: 0, fat: 20 } });
    expect(report.switches).toEqual([
      { at_ms: expect.any(Number), from: 'thin', to: 'fat', reason: 'socket-missing' },
    ]);
    expect(report.switches[0]!.at_ms).toBeLessThan(1000);
  });

  it('the sidecar killed during a run: calls go Fat, none fails (idempotent), switches say when', async () => {
    const running = mesh(sidecar.endpoint, '--duration', '3', '--concurrency', '4', '--idempotent');
    await sleep(1500);
    await sidecar.kill();
    const run = await running;
    const [report] = jsonLines(run.stdout) as [Report];
    console.log(`[cli mesh, sidecar killed at ~1.5 s] ${run.stdout.trim()}`);
    expect(run.code).toBe(0);
    expect(report.failed).toBe(0);
    expect(report.modes.thin).toBeGreaterThan(0);
    expect(report.modes.fat).toBeGreaterThan(0);
    expect(report.modes.thin + report.modes.fat).toBe(report.ok);
    expect(report.switches).toHaveLength(1);
    expect(report.switches[0]).toMatchObject({ from: 'thin', to: 'fat' });
    expect(report.switches[0]!.at_ms).toBeGreaterThan(500);
    expect(report.switches[0]!.at_ms).toBeLessThan(3000);
  });
});
