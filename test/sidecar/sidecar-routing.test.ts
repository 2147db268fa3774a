/**
 * The sidecar routes with the sdk-fat engine from headers only: a condition rule on the calling
 * application (`tri-consumer-appname`) and the `dubbo.tag` attachment pick the providers.
 */
import { createClient, createHttp2Transport, type Http2Transport } from '@dubbo-mesh/sdk-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conditionRule, type FatFiles, makeFatFiles } from '../cli/fat-files.js';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { type SidecarProcess, startSidecarProcess } from './sidecar-process.js';
import { TEST_SERVICE, testService } from './test-service.js';

describe('dubbo-mesh sidecar: routing by rules and tags', () => {
  let files: FatFiles;
  let hz: GrpcPeer;
  let sh: GrpcPeer;
  let gray: GrpcPeer;
  let sidecar: SidecarProcess;
  let transport: Http2Transport;

  /** Which providers answered `calls` calls made as `application` with these attachments. */
  async function servers(application: string, attachments: Record<string, string> = {}, calls = 30) {
    const client = createClient(testService(), transport, { application });
    const seen = new Set<string>();
    for (let i = 0; i < calls; i++) {
      const reply = await client.unary({ message: `${application}-${i}` }, { attachments, timeoutMs: 5000 });
      seen.add(reply.server as string);
    }
    return [...seen].sort();
  }

  beforeAll(async () => {
    [hz, sh, gray] = await Promise.all([
      startGrpcServer({ name: 'hz' }),
      startGrpcServer({ name: 'sh' }),
      startGrpcServer({ name: 'gray' }),
    ]);
    files = makeFatFiles();
    files.writeProviders([
      `tri://${hz.address}/${TEST_SERVICE}?application=echo&region=hz`,
      `tri://${sh.address}/${TEST_SERVICE}?application=echo&region=sh`,
      `tri://${gray.address}/${TEST_SERVICE}?application=echo&region=sh&dubbo.tag=gray`,
    ]);
    const rules = files.write(
      'rules/condition.yaml',
      conditionRule(TEST_SERVICE, ['application=shop => region=hz']),
    );
    sidecar = await startSidecarProcess([
      '--listen',
      `unix:${files.dir}/sidecar.sock`,
      '--registry',
      files.registry,
      '--rules',
      rules,
    ]);
    transport = createHttp2Transport(`unix:${sidecar.socketPath}`, { authority: 'sidecar' });
  });
  afterAll(async () => {
    await transport?.close();
    await sidecar?.kill();
    await Promise.all([hz?.close(), sh?.close(), gray?.close()]);
    files?.remove();
  });

  it('applies a condition rule to the calling application named in tri-consumer-appname', async () => {
    expect(await servers('shop')).toEqual(['hz']);
    // Other applications are not matched by the rule: untagged providers share their calls.
    expect(await servers('billing')).toEqual(['hz', 'sh']);
  });

  it('routes by the dubbo.tag attachment', async () => {
    expect(await servers('billing', { 'dubbo.tag': 'gray' })).toEqual(['gray']);
  });
});
