import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from './capture-io.fixture.js';
import { type FatFixture, makeFatFixture } from './fat-files.fixture.js';
import { main } from './main.js';

const SERVICE = 'org.demo.Greeter';

describe('dubbo-mesh route, in-process', () => {
  let files: FatFixture;
  let rules: string;
  beforeAll(() => {
    files = makeFatFixture([
      `tri://10.0.0.1:50051/${SERVICE}?application=greeter&region=hz`,
      `tri://10.0.0.2:50051/${SERVICE}?application=greeter&region=hz`,
      `tri://10.0.0.3:50051/${SERVICE}?application=greeter&region=sh`,
      `tri://10.0.0.4:50051/${SERVICE}?application=greeter&region=sh&dubbo.tag=gray`,
    ]);
    rules = files.write(
      'rules.yaml',
      [
        'configVersion: v3.0',
        'scope: service',
        `key: "${SERVICE}::"`,
        'conditions:',
        '  - "method=sayHello & arguments[0]=vip => region=sh"',
        '  - "application=shop => region=hz"',
      ].join('\n'),
    );
  });
  afterAll(() => files.remove());

  async function route(...flags: string[]): Promise<{ kept: string[]; explain: Record<string, unknown>[] }> {
    const io = captureIo();
    const code = await main(
      ['route', `${SERVICE}/sayHello`, '--registry', files.registry, '--rules', rules, ...flags],
      io,
    );
    expect(io.err).toBe('');
    expect(code).toBe(0);
    expect(io.out.split('\n')).toEqual([expect.any(String), '']);
    return JSON.parse(io.out) as { kept: string[]; explain: Record<string, unknown>[] };
  }

  it('prints the kept addresses and each router step', async () => {
    const result = await route('--args', '["vip"]');
    expect(result.kept).toEqual(['10.0.0.3:50051']);
    expect(result.explain).toContainEqual({
      router: 'condition',
      before: 3,
      after: 1,
      rule: 'method=sayHello & arguments[0]=vip => region=sh',
    });
  });

  it('routes on the consumer application (--app) and attachments', async () => {
    expect((await route('--app', 'shop')).kept).toEqual(['10.0.0.1:50051', '10.0.0.2:50051']);
    expect((await route('--attachment', 'dubbo.tag=gray')).kept).toEqual(['10.0.0.4:50051']);
    // No rule applies to dubbo-mesh-cli without arguments: every untagged provider is kept.
    expect((await route()).kept).toEqual(['10.0.0.1:50051', '10.0.0.2:50051', '10.0.0.3:50051']);
  });

  it('exits 1 naming the rules file when it does not parse', async () => {
    const bad = files.write('bad.yaml', 'tags: [\n');
    const io = captureIo();
    expect(
      await main(['route', `${SERVICE}/sayHello`, '--registry', files.registry, '--rules', bad], io),
    ).toBe(1);
    expect(io.out).toBe('');
    expect(io.err).toMatch(new RegExp(`^dubbo-mesh: --rules ${bad}, line \\d+: invalid YAML`));
  });
});
