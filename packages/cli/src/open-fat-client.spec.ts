import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from './capture-io.fixture.js';
import { type FatFixture, makeFatFixture } from './fat-files.fixture.js';
import { openFatClient } from './open-fat-client.js';
import { UsageError } from './usage-error.js';

const SERVICE = 'org.demo.Greeter';

describe('openFatClient', () => {
  let files: FatFixture;
  beforeAll(() => {
    files = makeFatFixture([`tri://127.0.0.1:1/${SERVICE}?application=greeter`]);
  });
  afterAll(() => files.remove());

  const open = (args: { registry?: string; rules?: string; ca?: string }) =>
    openFatClient({ registry: files.registry, rules: undefined, app: 'spec', ...args }, captureIo());

  it('opens a client on the file registry, with rules, as the given application', async () => {
    const rules = files.write(
      'ok.yaml',
      `configVersion: v3.0\nscope: service\nkey: "${SERVICE}::"\nconditions: ["=> region=hz"]\n`,
    );
    const fat = open({ rules });
    try {
      expect(fat.rules.documents).toHaveLength(1);
      const listed = await fat.providers({ serviceName: SERVICE });
      expect(listed.map(({ provider }) => provider.address)).toEqual(['127.0.0.1:1']);
    } finally {
      await fat.close();
    }
  });

  it('turns a rules file that does not parse into a usage error naming --rules, the file and the line', () => {
    const rules = files.write('bad.yaml', 'configVersion: v3.0\nkey: x\nconditions:\n  - "=> a=b\n');
    expect(() => open({ rules })).toThrow(UsageError);
    expect(() => open({ rules })).toThrow(new RegExp(`^--rules ${rules}, line \\d+: invalid YAML`));
  });

  it('turns a rule that parses but does not validate into a usage error naming --rules', () => {
    const rules = files.write('invalid.yaml', 'configVersion: v3.0\nscope: service\nkey: x\nconditions: 7\n');
    expect(() => open({ rules })).toThrow(/^--rules .*invalid\.yaml, document 0, line 4, key conditions: /);
  });

  it('names --rules for a path that does not exist', () => {
    expect(() => open({ rules: `${files.dir}/absent` })).toThrow(/^--rules .*absent: cannot read rules/);
  });

  it('names --registry for a provider file that cannot be read or parsed', () => {
    expect(() => open({ registry: `file:${files.dir}/absent.yaml` })).toThrow(
      /^--registry .*absent\.yaml: cannot read provider file/,
    );
    const broken = files.write('broken-providers.yaml', 'providers: [\n');
    expect(() => open({ registry: `file:${broken}` })).toThrow(/^--registry .*broken-providers\.yaml/);
  });

  it('names --ca for an unreadable TLS file', () => {
    expect(() => open({ ca: `${files.dir}/absent.pem` })).toThrow(
      /^--ca .*absent\.pem: cannot read the file/,
    );
  });
});
