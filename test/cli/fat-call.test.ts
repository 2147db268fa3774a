/**
 * `dubbo-mesh call --registry` (Fat mode) with the file registry and real peers: grpc-js providers of
 * TestService and a hessian2 wrapper-mode provider of DemoService, routed by `--rules`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { type HessianProviderPeer, startHessianProvider } from '../peers/hessian-provider.js';
import { conditionRule, type FatFiles, makeFatFiles } from './fat-files.js';
import { assertCliBuilt, jsonLines, runCli, TEST_PROTO } from './run-cli.js';

const SERVICE = 'dubbomesh.test.TestService';
const DEMO = 'org.apache.dubbo.demo.DemoService';

describe('dubbo-mesh call --registry (Fat mode)', () => {
  let files: FatFiles;
  let hz: GrpcPeer;
  let sh: GrpcPeer;
  let demo: HessianProviderPeer;
  const url = (peer: GrpcPeer, region: string) =>
    `tri://${peer.address}/${SERVICE}?application=echo&region=${region}`;
  const unary = (json: string, ...flags: string[]) =>
    runCli(['call', `${SERVICE}/Unary`, json, '--registry', files.registry, '--proto', TEST_PROTO, ...flags]);

  beforeAll(async () => {
    assertCliBuilt();
    [hz, sh, demo] = await Promise.all([
      startGrpcServer({ name: 'hz' }),
      startGrpcServer({ name: 'sh' }),
      startHessianProvider(),
    ]);
    files = makeFatFiles();
    files.writeProviders([url(hz, 'hz'), url(sh, 'sh'), `tri://${demo.address}/${DEMO}?application=demo`]);
  });
  afterAll(async () => {
    await Promise.all([hz?.close(), sh?.close(), demo?.close()]);
    files?.remove();
  });

  it('calls a provider the registry lists, as dubbo-mesh-cli unless --app says otherwise', async () => {
    const run = await unary('{"message":"via registry"}', '--attachment', 'userId=7');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [reply, ...rest] = jsonLines(run.stdout) as { server: string; metadata: Record<string, string> }[];
    expect(rest).toEqual([]);
    expect(reply).toMatchObject({
      message: 'via registry',
      metadata: { 'tri-consumer-appname': 'dubbo-mesh-cli', userid: '7' },
    });
    expect(['hz', 'sh']).toContain(reply!.server);

    const named = await unary('{"message":"named"}', '--app', 'shop-web');
    expect(named.code).toBe(0);
    expect(jsonLines(named.stdout)).toEqual([
      expect.objectContaining({ metadata: expect.objectContaining({ 'tri-consumer-appname': 'shop-web' }) }),
    ]);
  });

  it('calls a Java interface with --types through the registry', async () => {
    const run = await runCli([
      'call',
      `${DEMO}/sayHello`,
      '["fat"]',
      '--registry',
      files.registry,
      '--types',
      'java.lang.String',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('"Hello fat"\n');
    expect(demo.calls.at(-1)).toMatchObject({ method: 'sayHello', args: ['fat'] });
    expect(demo.calls.at(-1)?.headers).toMatchObject({ 'tri-consumer-appname': 'dubbo-mesh-cli' });
  });

  it('counts load-mode calls under modes.fat and spreads them over the providers', async () => {
    const before = { hz: hz.calls, sh: sh.calls };
    const run = await unary('{"message":"load"}', '--repeat', '60', '--concurrency', '4');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ ok: 60, failed: 0, modes: { fat: 60 }, errors: {}, switches: [] });
    expect(hz.calls - before.hz + (sh.calls - before.sh)).toBe(60);
    expect(hz.calls - before.hz).toBeGreaterThan(0);
    expect(sh.calls - before.sh).toBeGreaterThan(0);
  });

  it('routes every call to the provider a --rules file keeps', async () => {
    const rules = files.write('to-hz.yaml', conditionRule(SERVICE, ['=> region=hz']));
    const before = sh.calls;
    const run = await unary('{"message":"routed"}', '--rules', rules, '--repeat', '20');
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)[0]).toMatchObject({ ok: 20, modes: { fat: 20 } });
    expect(sh.calls).toBe(before);
    for (let i = 0; i < 3; i++) {
      const one = await unary('{"message":"which"}', '--rules', rules);
      expect(one.code).toBe(0);
      expect(jsonLines(one.stdout)).toEqual([expect.objectContaining({ server: 'hz' })]);
    }
  });

  it('takes a directory of rule files', async () => {
    files.write('only-sh/route.yml', conditionRule(SERVICE, ['=> region=sh']));
    files.write('only-sh/notes.txt', 'not: [a rule'); // neither *.yaml nor *.yml: not read
    const run = await unary('{"message":"dir"}', '--rules', `${files.dir}/only-sh`);
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([expect.objectContaining({ server: 'sh' })]);
  });

  it('fails UNAVAILABLE (exit 2, one JSON line) when the rules leave no provider', async () => {
    const rules = files.write('nowhere.yaml', conditionRule(SERVICE, ['=> region=nowhere'], true));
    const before = hz.calls + sh.calls;
    const run = await unary('{"message":"lost"}', '--rules', rules);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(jsonLines(run.stderr)).toEqual([expect.objectContaining({ code: 14, codeName: 'UNAVAILABLE' })]);
    expect(hz.calls + sh.calls).toBe(before);
  });

  it('fails UNAVAILABLE when the registry lists no provider of the service', async () => {
    const run = await runCli([
      'call',
      'org.demo.Nobody/hello',
      '[]',
      '--registry',
      files.registry,
      '--types',
      '',
    ]);
    expect(run.code).toBe(2);
    expect(jsonLines(run.stderr)).toEqual([expect.objectContaining({ code: 14, codeName: 'UNAVAILABLE' })]);
  });

  it('reports the provider error as for --direct, after failover tried each provider', async () => {
    const run = await unary('{"failCode":9,"failMessage":"not now"}');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    // governance.md §6: failover retries every error but a business exception; the last one's code stays.
    expect(jsonLines(run.stderr)).toEqual([
      { code: 9, codeName: 'FAILED_PRECONDITION', message: expect.stringContaining('not now') },
    ]);
  });

  it('prints a Java business exception as for --direct, without retrying it', async () => {
    const before = demo.calls.length;
    const run = await runCli([
      'call',
      `${DEMO}/fail`,
      '["out of stock"]',
      '--registry',
      files.registry,
      '--types',
      'java.lang.String',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      '{"code":2,"codeName":"UNKNOWN","message":"out of stock","exception":{"class":"java.lang.IllegalStateException","message":"out of stock"}}\n',
    );
    expect(demo.calls.length - before).toBe(1);
  });

  it('refuses a broken rules file with exit 1, naming the file and line, and calls nothing', async () => {
    const rules = files.write(
      'broken.yaml',
      ['configVersion: v3.0', 'scope: service', `key: "${SERVICE}::"`, 'conditions: 7', ''].join('\n'),
    );
    const before = hz.calls + sh.calls;
    const run = await unary('{"message":"never"}', '--rules', rules);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(rules);
    expect(run.stderr).toMatch(/line 4, key conditions/);
    expect(hz.calls + sh.calls).toBe(before);

    const yaml = files.write('not-yaml.yaml', 'conditions:\n  - "=> region=hz\n');
    const bad = await unary('{}', '--rules', yaml);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--rules .*not-yaml\.yaml, line \d+: invalid YAML/);
  });

  it('refuses a missing rules path or provider file with exit 1 naming it', async () => {
    const missingRules = await unary('{}', '--rules', `${files.dir}/absent.yaml`);
    expect(missingRules.code).toBe(1);
    expect(missingRules.stderr).toMatch(/--rules .*absent\.yaml/);
    const missingRegistry = await runCli([
      'call',
      `${SERVICE}/Unary`,
      '{}',
      '--registry',
      `file:${files.dir}/absent-providers.yaml`,
      '--proto',
      TEST_PROTO,
    ]);
    expect(missingRegistry.code).toBe(1);
    expect(missingRegistry.stderr).toMatch(/--registry .*absent-providers\.yaml: cannot read provider file/);
  });
});
