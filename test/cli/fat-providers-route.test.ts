/**
 * `dubbo-mesh providers` and `dubbo-mesh route` (cli.md) against the file registry, with real grpc-js
 * and hessian2 providers listed in it: what the registry holds, and what the rules keep. Route calls
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { type HessianProviderPeer, startHessianProvider } from '../peers/hessian-provider.js';
import { conditionRule, type FatFiles, makeFatFiles } from './fat-files.js';
import { assertCliBuilt, deadEndpoint, jsonLines, runCli } from './run-cli.js';

const SERVICE = 'dubbomesh.test.TestService';
const DEMO = 'org.apache.dubbo.demo.DemoService';

interface Explained {
  kept: string[];
  explain: { router: string; before: number; after: number; rule: string }[];
}

describe('dubbo-mesh providers and route with a file registry', () => {
  let files: FatFiles;
  let peers: GrpcPeer[];
  let demo: HessianProviderPeer;
  let urls: string[];
  const callsSoFar = () => peers.reduce((sum, peer) => sum + peer.calls, 0) + demo.calls.length;

  beforeAll(async () => {
    assertCliBuilt();
    [peers, demo] = await Promise.all([
      Promise.all(['hz-1', 'hz-2', 'sh-1'].map((name) => startGrpcServer({ name }))),
      startHessianProvider(),
    ]);
    const [hz1, hz2, sh1] = peers as [GrpcPeer, GrpcPeer, GrpcPeer];
    urls = [
      `tri://${hz1.address}/${SERVICE}?application=echo&region=hz`,
      `tri://${hz2.address}/${SERVICE}?application=echo&region=hz&dubbo.tag=gray`,
      `tri://${sh1.address}/${SERVICE}?application=echo&region=sh`,
    ];
    files = makeFatFiles();
    files.writeProviders([
      ...urls,
      // Held by the registry, not callable by this SDK: listed all the same.
      `dubbo://127.0.0.1:20880/${SERVICE}?application=echo&region=hz`,
      `tri://${demo.address}/${DEMO}?application=demo`,
      `tri://${demo.address}/${DEMO}?application=demo&version=2.0.0&group=beta`,
    ]);
  });
  afterAll(async () => {
    await Promise.all([...(peers ?? []).map((peer) => peer.close()), demo?.close()]);
    files?.remove();
  });

  describe('providers', () => {
    it('prints one JSON array line of the decoded URLs the registry holds, callable or not', async () => {
      const run = await runCli(['providers', SERVICE, '--registry', files.registry]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout.split('\n')).toEqual([expect.any(String), '']);
      expect(JSON.parse(run.stdout)).toEqual([
        ...urls,
        `dubbo://127.0.0.1:20880/${SERVICE}?application=echo&region=hz`,
      ]);
    });

    it('matches --version and --group as a consumer would', async () => {
      const plain = await runCli(['providers', DEMO, '--registry', files.registry, '--app', 'ops']);
      expect(jsonLines(plain.stdout)).toEqual([[`tri://${demo.address}/${DEMO}?application=demo`]]);
      const beta = await runCli([
        'providers',
        DEMO,
        '--registry',
        files.registry,
        '--version',
        '2.0.0',
        '--group',
        'beta',
      ]);
      expect(beta.code).toBe(0);
      expect(jsonLines(beta.stdout)).toEqual([
        [`tri://${demo.address}/${DEMO}?application=demo&version=2.0.0&group=beta`],
      ]);
    });

    it('prints [] for a service nobody provides', async () => {
      const run = await runCli(['providers', 'org.demo.Nobody', '--registry', files.registry]);
      expect(run).toMatchObject({ code: 0, stdout: '[]\n' });
    });

    it('exits 2 UNAVAILABLE when the registry does not answer in time', async () => {
      const dead = await deadEndpoint();
      const run = await runCli(['providers', SERVICE, '--registry', `zookeeper://${dead}`]);
      expect(run.stdout).toBe('');
      expect(run.code).toBe(2);
      expect(jsonLines(run.stderr)).toEqual([expect.objectContaining({ code: 14, codeName: 'UNAVAILABLE' })]);
    });
  });

  describe('route', () => {
    const route = async (rules: string, ...flags: string[]): Promise<Explained> => {
      const before = callsSoFar();
      const run = await runCli([
        'route',
        `${SERVICE}/Unary`,
        '--registry',
        files.registry,
        '--rules',
        rules,
        ...flags,
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(callsSoFar()).toBe(before); // nothing is called
      const lines = jsonLines(run.stdout);
      expect(lines).toHaveLength(1);
      expect(Object.keys(lines[0] as object)).toEqual(['kept', 'explain']);
      return lines[0] as Explained;
    };
    const address = (i: number) => peers[i]!.address;

    it('explains what the condition router did', async () => {
      const rules = files.write('hz.yaml', conditionRule(SERVICE, ['=> region=hz']));
      const explained = await route(rules);
      // The gray provider is tagged, so an untagged call does not reach it (tag router first).
      expect(explained.kept).toEqual([address(0)]);
      const condition = explained.explain.find((step) => step.router === 'condition');
      expect(condition).toEqual({ router: 'condition', before: 2, after: 1, rule: '=> region=hz' });
      for (const step of explained.explain)
        expect(Object.keys(step)).toEqual(['router', 'before', 'after', 'rule']);
      const tag = explained.explain.find((step) => step.router === 'tag');
      expect(tag).toMatchObject({ before: 3, after: 2 });
    });

    it('routes on --attachment (dubbo.tag) and on --args', async () => {
      const rules = files.write(
        'by-args.yaml',
        conditionRule(SERVICE, ['method=Unary & arguments[0]=vip => region=sh']),
      );
      expect((await route(rules, '--attachment', 'dubbo.tag=gray')).kept).toEqual([address(1)]);
      expect((await route(rules, '--args', '["vip"]')).kept).toEqual([address(2)]);
      const other = await route(rules, '--args', '["plain"]');
      expect(other.kept.sort()).toEqual([address(0), address(2)].sort());
    });

    it('refuses a broken rules file with exit 1 naming the file and line', async () => {
      const good = conditionRule(SERVICE, ['=> region=hz']);
      const rules = files.write('broken.yaml', `${good}---\n${good.replace('force: false', 'force: maybe')}`);
      const run = await runCli(['route', `${SERVICE}/Unary`, '--registry', files.registry, '--rules', rules]);
      expect(run.stdout).toBe('');
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`--rules ${rules}, document 1, line 11, key force`);
    });

    it('needs --rules and a registry URL it understands', async () => {
      const noRules = await runCli(['route', `${SERVICE}/Unary`, '--registry', files.registry]);
      expect(noRules.code).toBe(1);
      expect(noRules.stderr).toMatch(/route needs --rules <file\|dir>/);
      const badUrl = await runCli([
        'route',
        `${SERVICE}/Unary`,
        '--registry',
        'nacos://h:8848',
        '--rules',
        'x',
      ]);
      expect(badUrl.code).toBe(1);
      expect(badUrl.stderr).toMatch(/--registry "nacos:\/\/h:8848" is not a registry URL/);
    });
  });
});
