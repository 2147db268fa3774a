/**
 * The Fat client end to end with the file registry (no server needed) and real @grpc/grpc-js
 * providers: balancing, tag and condition routing, failover when a provider dies, a watched file
 * edit, and a broken rule that leaves the old rules in force.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Code, loadProtoService, RpcError } from '@dubbo-mesh/sdk-core';
import { createFatClient, type FatClient, parseRuleDocuments, RuleError } from '@dubbo-mesh/sdk-fat';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../peers/test-service-definition.js';

const TestService = loadProtoService(TEST_PROTO_PATH, TEST_SERVICE_NAME);

function providerLine(peer: GrpcPeer, params: string): string {
  return `  - tri://${peer.address}/${TEST_SERVICE_NAME}?application=echo-provider&${params}`;
}

describe('Fat client with the file registry and grpc-js providers', () => {
  let dir: string;
  let file: string;
  let hz: GrpcPeer;
  let sh: GrpcPeer;
  let gray: GrpcPeer;
  let fat: FatClient;
  let client: ReturnType<FatClient['client']> & {
    unary: (req: object, opts?: object) => Promise<Record<string, unknown>>;
  };
  const ruleErrors: Error[] = [];

  function writeProviders(lines: string[]): void {
    writeFileSync(file, `providers:\n${lines.join('\n')}\n`);
  }

  async function serversOf(
    calls: number,
    attachments: Record<string, string> = {},
  ): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (let i = 0; i < calls; i++) {
      const reply = await client.unary({ message: `m${i}` }, { attachments, timeoutMs: 2000 });
      const server = String(reply.server);
      counts[server] = (counts[server] ?? 0) + 1;
    }
    return counts;
  }

  beforeAll(async () => {
    [hz, sh, gray] = await Promise.all([
      startGrpcServer({ name: 'hz' }),
      startGrpcServer({ name: 'sh' }),
      startGrpcServer({ name: 'gray' }),
    ]);
    dir = mkdtempSync(join(tmpdir(), 'dm-fat-'));
    file = join(dir, 'providers.yaml');
    writeProviders([
      providerLine(hz, 'region=hz'),
      providerLine(sh, 'region=sh'),
      providerLine(gray, 'region=hz&dubbo.tag=gray'),
    ]);
    fat = createFatClient({
      application: 'shop-web',
      registry: `file:${file}`,
      consumer: { params: { region: 'hz' } },
      onRuleError: (error) => ruleErrors.push(error),
    });
    client = fat.client(TestService) as typeof client;
  });

  afterAll(async () => {
    await fat?.close();
    await Promise.all([hz, sh, gray].map((peer) => peer?.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('balances over the untagged providers; tagged ones get only their tag', async () => {
    const counts = await serversOf(60);
    expect(Object.keys(counts).sort()).toEqual(['hz', 'sh']);
    expect(await serversOf(10, { 'dubbo.tag': 'gray' })).toEqual({ gray: 10 });
  });

  it('lists providers as the registry holds them', async () => {
    const listed = await fat.providers({ serviceName: TEST_SERVICE_NAME });
    expect(listed.map((l) => l.provider.address).sort()).toEqual(
      [hz.address, sh.address, gray.address].sort(),
    );
  });

  it('applies a condition rule, explains it, and keeps the old rules when a new one is broken', async () => {
    fat.setRules(
      parseRuleDocuments(
        [
          'configVersion: v3.0',
          'scope: service',
          `key: "${TEST_SERVICE_NAME}::"`,
          'conditions:',
          '  - "=> region=$region"',
        ].join('\n'),
        'rules.yaml',
      ),
    );
    expect(await serversOf(20)).toEqual({ hz: 20 });
    const explained = await fat.route({ serviceName: TEST_SERVICE_NAME }, 'Unary');
    expect(explained.kept.providers.map((p) => p.address)).toEqual([hz.address]);
    expect(explained.steps.map((s) => s.router)).toContain('condition');

    const broken = () =>
      fat.setRules(
        parseRuleDocuments('configVersion: v3.0\nscope: service\nkey: x\nconditions: 7\n', 'broken.yaml'),
      );
    expect(broken).toThrow(RuleError);
    expect(broken).toThrow(/broken\.yaml.*conditions/);
    expect(await serversOf(10)).toEqual({ hz: 10 }); // the previous rule is still in force
    fat.setRules([]);
  });

  it('fails over when a provider dies, with no failed call', async () => {
    const victim = await startGrpcServer({ name: 'victim' });
    writeProviders([providerLine(hz, 'region=hz'), providerLine(victim, 'region=sh')]);
    await vi.waitFor(async () => expect(Object.keys(await serversOf(20))).toContain('victim'), {
      timeout: 5000,
    });
    await victim.close();
    const failures: unknown[] = [];
    for (let i = 0; i < 50; i++) {
      await client
        .unary({ message: `after-${i}` }, { timeoutMs: 2000 })
        .catch((e: unknown) => failures.push(e));
    }
    expect(failures).toEqual([]);
    writeProviders([
      providerLine(hz, 'region=hz'),
      providerLine(sh, 'region=sh'),
      providerLine(gray, 'region=hz&dubbo.tag=gray'),
    ]);
  });

  it('fails with UNAVAILABLE (code 6 in the message) when routing leaves no provider', async () => {
    const err = await client
      .unary({ message: 'x' }, { attachments: { 'dubbo.tag': 'nobody', 'dubbo.force.tag': 'true' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).code).toBe(Code.Unavailable);
    expect((err as RpcError).message).toMatch(/NO_INVOKER_AVAILABLE_AFTER_FILTER/);
  });

  it('watches a rules file: an edit takes effect, a broken edit is reported and ignored', async () => {
    const rulesFile = join(dir, 'rules.yaml');
    const rule = (region: string) =>
      [
        'configVersion: v3.0',
        'scope: service',
        `key: "${TEST_SERVICE_NAME}::"`,
        'conditions:',
        `  - "=> region=${region}"`,
      ].join('\n');
    writeFileSync(rulesFile, rule('hz'));
    const errors: Error[] = [];
    const watched = createFatClient({
      application: 'shop-web',
      registry: `file:${file}`,
      rules: rulesFile,
      onRuleError: (error) => errors.push(error),
    });
    const echo = watched.client(TestService) as typeof client;
    try {
      expect((await echo.unary({ message: 'a' })).server).toBe('hz');
      writeFileSync(rulesFile, rule('sh'));
      await vi.waitFor(async () => expect((await echo.unary({ message: 'b' })).server).toBe('sh'), {
        timeout: 5000,
      });
      writeFileSync(rulesFile, 'configVersion: v3.0\nconditions: [broken\n');
      await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), { timeout: 5000 });
      expect(errors[0]!.message).toMatch(/rules\.yaml/);
      for (let i = 0; i < 10; i++) expect((await echo.unary({ message: `c${i}` })).server).toBe('sh');
    } finally {
      await watched.close();
    }
  });
});
