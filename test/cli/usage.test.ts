/** The parts of cli.md that need no peer: --version, --help, and usage errors (exit 1, flag named). */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, REPO_ROOT, runCli, TEST_PROTO } from './run-cli.js';

const UNARY = 'dubbomesh.test.TestService/Unary';

beforeAll(assertCliBuilt);

describe('dubbo-mesh --version and --help', () => {
  it('--version alone prints the tool version from package.json', async () => {
    const pkg = JSON.parse(readFileSync(`${REPO_ROOT}/packages/cli/package.json`, 'utf8')) as {
      version: string;
    };
    const run = await runCli(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('--help prints usage on stdout and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('dubbo-mesh call <service>/<method>');
    expect(run.stdout).toContain('dubbo-mesh health <endpoint>');
    expect(run.stdout).toContain('dubbo-mesh providers <service> --registry <url>');
    expect(run.stdout).toContain('dubbo-mesh route <service>/<method> --registry <url> --rules <file|dir>');
    expect(run.stdout).toContain('--app NAME              consumer application (default dubbo-mesh-cli)');
  });
});

describe('usage errors exit 1 with a message naming the flag', () => {
  const expectUsage = async (args: string[], pattern: RegExp) => {
    const run = await runCli(args);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(pattern);
    expect(run.code).toBe(1);
  };

  it('call without --direct', () =>
    expectUsage(['call', UNARY, '{}', '--proto', TEST_PROTO], /--direct <endpoint>/));
  it('two payload kinds', () =>
    expectUsage(
      ['call', UNARY, '{}', '--direct', '127.0.0.1:1', '--proto', TEST_PROTO, '--types', 'int'],
      /--proto and --types are mutually exclusive/,
    ));
  it('no payload kind', () =>
    expectUsage(['call', UNARY, '{}', '--direct', '127.0.0.1:1'], /--proto <file.proto> or --types/));
  it('an unknown flag', () =>
    expectUsage(
      ['call', UNARY, '--direct', '127.0.0.1:1', '--proto', TEST_PROTO, '--frobnicate'],
      /unknown option --frobnicate/,
    ));
  it('a flag without its value', () =>
    expectUsage(['call', UNARY, '--proto', TEST_PROTO, '--direct'], /--direct needs a value/));
  it('a bad endpoint', () =>
    expectUsage(
      ['call', UNARY, '--direct', 'nowhere', '--proto', TEST_PROTO],
      /--direct: invalid endpoint "nowhere"/,
    ));
  it('a bad number', () =>
    expectUsage(
      ['call', UNARY, '--direct', '127.0.0.1:1', '--proto', TEST_PROTO, '--timeout', '1.5s'],
      /--timeout expects a whole number/,
    ));
  it('an attachment without =', () =>
    expectUsage(
      ['call', UNARY, '--direct', '127.0.0.1:1', '--proto', TEST_PROTO, '--attachment', 'oops'],
      /--attachment expects key=value/,
    ));
  it('a flag of another command', () =>
    expectUsage(['health', '127.0.0.1:1', '--proto', TEST_PROTO], /--proto does not apply to health/));
  it('TLS files without an https endpoint', () =>
    expectUsage(
      ['call', UNARY, '--direct', '127.0.0.1:1', '--proto', TEST_PROTO, '--ca', '/x.pem'],
      /--ca needs an https:\/\/ endpoint/,
    ));
  it('an unreadable --ca file', () =>
    expectUsage(
      [
        'call',
        UNARY,
        '--direct',
        'https://127.0.0.1:1',
        '--proto',
        TEST_PROTO,
        '--ca',
        '/nonexistent/ca.pem',
      ],
      /--ca \/nonexistent\/ca\.pem: cannot read the file \(ENOENT\)/,
    ));
  it('no command, or an unknown one', async () => {
    await expectUsage([], /no command given/);
    await expectUsage(['invoke'], /unknown command "invoke"/);
  });
});

describe('gen usage errors exit 1 naming the file', () => {
  it.each([[['gen', 'nonexistent-b6.proto', '--out', 'gen'], /nonexistent-b6\.proto: no such file/]])(
    '%j',
    async (args, pattern) => {
      const run = await runCli(args);
      expect(run.stderr).toMatch(pattern);
      expect(run.code).toBe(1);
    },
  );
});

describe('Fat-mode usage errors exit 1 naming the flag', () => {
  const expectUsage = async (args: string[], pattern: RegExp) => {
    const run = await runCli(args);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(pattern);
    expect(run.code).toBe(1);
  };

  it('--direct with --registry', () =>
    expectUsage(
      ['call', UNARY, '--direct', '127.0.0.1:1', '--registry', 'file:/x.yaml', '--proto', TEST_PROTO],
      /--direct and --registry are mutually exclusive/,
    ));
  it('--rules without --registry', () =>
    expectUsage(
      ['call', UNARY, '--direct', '127.0.0.1:1', '--rules', '/r.yaml', '--proto', TEST_PROTO],
      /--rules applies to Fat mode/,
    ));
  it('a registry URL of an unknown kind', () =>
    expectUsage(
      ['call', UNARY, '--registry', 'etcd://127.0.0.1:2379', '--proto', TEST_PROTO],
      /--registry "etcd:\/\/127\.0\.0\.1:2379" is not a registry URL/,
    ));
  it('providers without --registry', () =>
    expectUsage(['providers', 'org.demo.Greeter'], /providers needs --registry <url>/));
  it('route without --rules', () =>
    expectUsage(['route', UNARY, '--registry', 'file:/x.yaml'], /route needs --rules <file\|dir>/));
});
