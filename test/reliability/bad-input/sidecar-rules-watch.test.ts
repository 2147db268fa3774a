/**
 * Broken rule files dropped into the folder a running sidecar watches (issue 6, "Rules and config":
 * the previous rules stay in force). The `dubbo-mesh sidecar` process routes `shop`'s calls to
 * region hz; each broken version is reported on stderr naming its file, calls keep going to hz, and
 * a fixed file then moves them to sh without a restart.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, createHttp2Transport, type Http2Transport } from '@dubbo-mesh/sdk-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { conditionRule, type FatFiles, makeFatFiles } from '../../cli/fat-files.js';
import { type GrpcPeer, startGrpcServer } from '../../peers/grpc-server.js';
import { type SidecarProcess, startSidecarProcess } from '../../sidecar/sidecar-process.js';
import { TEST_SERVICE, testService } from '../../sidecar/test-service.js';
import { tally } from '../tally.js';

const AREA = 'rules-and-config';

/** Broken versions of a rule file: bad YAML, wrong types, an unknown kind, a truncated document. */
const BROKEN: readonly string[] = [
  'configVersion: v3.0\nconditions: [broken\n',
  `configVersion: v3.0\nscope: service\nkey: ${TEST_SERVICE}\nconditions: 7\n`,
  `configVersion: v3.0\nscope: service\nkey: ${TEST_SERVICE}\nforce: sometimes\nconditions:\n  - application=shop => region=sh\n`,
  'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: x}\n',
  `configVersion: v3.0\nscope: service\nkey: ${TEST_SERVICE}\nconditions:\n  - application=shop => region=sh\n\t- x`,
  `configVersion: v3.0\nscope: service\nkey: ${TEST_SERVICE}\nconditions:\n  - {application: shop}\n`,
];

describe('a sidecar watching its rules folder', () => {
  let files: FatFiles;
  let hz: GrpcPeer;
  let sh: GrpcPeer;
  let sidecar: SidecarProcess;
  let transport: Http2Transport;
  let calls = 0;

  async function servers(n = 20): Promise<string[]> {
    const client = createClient(testService(), transport, { application: 'shop' });
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const reply = await client.unary({ message: `m${i}` }, { timeoutMs: 5000 });
      seen.add(reply.server as string);
    }
    calls += n;
    return [...seen].sort();
  }

  beforeAll(async () => {
    [hz, sh] = await Promise.all([startGrpcServer({ name: 'hz' }), startGrpcServer({ name: 'sh' })]);
    files = makeFatFiles();
    files.writeProviders([
      `tri://${hz.address}/${TEST_SERVICE}?application=echo&region=hz`,
      `tri://${sh.address}/${TEST_SERVICE}?application=echo&region=sh`,
    ]);
    files.write('rules/condition.yaml', conditionRule(TEST_SERVICE, ['application=shop => region=hz']));
    sidecar = await startSidecarProcess([
      '--listen',
      `unix:${files.dir}/sidecar.sock`,
      '--registry',
      files.registry,
      '--rules',
      join(files.dir, 'rules'),
    ]);
    transport = createHttp2Transport(`unix:${sidecar.socketPath}`, { authority: 'sidecar' });
  }, 60_000);
  afterAll(async () => {
    tally('call', calls, AREA);
    await transport?.close();
    await sidecar?.kill();
    await Promise.all([hz?.close(), sh?.close()]);
    files?.remove();
  });

  it('keeps routing by the previous rules through broken versions, then applies a fixed one', async () => {
    expect(await servers()).toEqual(['hz']);
    for (const [i, text] of BROKEN.entries()) {
      const before = sidecar.stderr().split('rejected, previous rules stay in force').length;
      const broken = files.write(`rules/zz-broken-${i}.yaml`, text);
      await vi.waitFor(
        () =>
          expect(sidecar.stderr().split('rejected, previous rules stay in force').length).toBeGreaterThan(
            before,
          ),
        { timeout: 10_000 },
      );
      expect(sidecar.stderr()).toContain(`zz-broken-${i}.yaml`);
      expect(await servers()).toEqual(['hz']);
      rmSync(broken);
    }
    tally('badInput', BROKEN.length, AREA);
    files.write('rules/condition.yaml', conditionRule(TEST_SERVICE, ['application=shop => region=sh']));
    await vi.waitFor(async () => expect(await servers(5)).toEqual(['sh']), {
      timeout: 10_000,
      interval: 200,
    });
    expect(await servers()).toEqual(['sh']);
  }, 60_000);
});
