import { DEFAULT_MAX_MESSAGE_BYTES } from '@dubbo-mesh/codec-triple';
import { describe, expect, it } from 'vitest';
import { type CallArgs, parseCommandLine } from './args.js';
import { UsageError } from './usage-error.js';

const BASE = [
  'call',
  'org.demo.Greeter/sayHello',
  '--direct',
  '127.0.0.1:50051',
  '--types',
  'java.lang.String',
];

function call(...extra: string[]): CallArgs {
  const command = parseCommandLine([...BASE, ...extra]);
  if (command.kind !== 'call') throw new Error(`expected call, got ${command.kind}`);
  return command;
}

function problem(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('parseCommandLine', () => {
  it('reads a call with every option', () => {
    const args = parseCommandLine([
      'call',
      'org.demo.Greeter/sayHello',
      '["world"]',
      '--direct',
      'unix:/tmp/p.sock',
      '--types',
      'java.lang.String',
      '--version',
      '1.0.0',
      '--group',
      'g',
      '--app',
      'web',
      '--timeout',
      '1500',
      '--attachment',
      'userId=42',
      '--attachment=expr=a=b',
      '--attachment',
      'empty=',
      '--idempotent',
      '--max-message-bytes',
      '1024',
    ]);
    expect(args).toEqual({
      kind: 'call',
      service: 'org.demo.Greeter',
      method: 'sayHello',
      argsJson: '["world"]',
      target: {
        kind: 'direct',
        connect: {
          endpoint: 'unix:/tmp/p.sock',
          ca: undefined,
          cert: undefined,
          key: undefined,
          maxMessageBytes: 1024,
        },
      },
      payload: { kind: 'types', names: 'java.lang.String' },
      version: '1.0.0',
      group: 'g',
      app: 'web',
      timeoutMs: 1500,
      attachments: { userId: '42', expr: 'a=b', empty: '' },
      idempotent: true,
      load: undefined,
    });
  });

  it('defaults: no ARGS_JSON, 4 MiB limit, not idempotent, app dubbo-mesh-cli', () => {
    const args = call();
    expect(args.argsJson).toBeUndefined();
    expect(args.target).toMatchObject({
      kind: 'direct',
      connect: { maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES },
    });
    expect(args.app).toBe('dubbo-mesh-cli');
    expect(DEFAULT_MAX_MESSAGE_BYTES).toBe(4 * 1024 * 1024); // cli.md: 4 MiB, both directions
    expect(args.idempotent).toBe(false);
    expect(args.attachments).toEqual({});
  });

  it("keeps --types '' (a method without arguments) apart from a missing --types", () => {
    const args = parseCommandLine(['call', 'a.B/m', '--direct', '127.0.0.1:1', '--types', '']);
    expect(args).toMatchObject({ payload: { kind: 'types', names: '' } });
  });

  it('splits <service>/<method> at the last slash', () => {
    expect(call()).toMatchObject({ service: 'org.demo.Greeter', method: 'sayHello' });
    expect(problem(['call', 'org.demo.Greeter', '--direct', '127.0.0.1:1', '--types', ''])).toMatch(
      /not <service>\/<method>/,
    );
    expect(problem(['call', 'org.demo.Greeter/', '--direct', '127.0.0.1:1', '--types', ''])).toMatch(
      /not <service>\/<method>/,
    );
  });

  it('reads load mode', () => {
    expect(call('--repeat', '200', '--concurrency', '10').load).toEqual({ repeat: 200, concurrency: 10 });
    expect(call('--repeat', '3').load).toEqual({ repeat: 3, concurrency: 1 });
    expect(call('--duration', '1.5', '--concurrency', '2').load).toEqual({
      durationMs: 1500,
      concurrency: 2,
    });
    expect(problem([...BASE, '--repeat', '0'])).toMatch(
      /--repeat expects a whole number of at least 1, got "0"/,
    );
    expect(problem([...BASE, '--duration', '-1'])).toMatch(/--duration needs a value/);
    expect(problem([...BASE, '--duration', 'soon'])).toMatch(/--duration expects a number of seconds/);
  });

  it('reads health', () => {
    expect(parseCommandLine(['health', 'https://h:443', '--service', 'known', '--ca', '/ca.pem'])).toEqual({
      kind: 'health',
      connect: {
        endpoint: 'https://h:443',
        ca: '/ca.pem',
        cert: undefined,
        key: undefined,
        maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
      },
      service: 'known',
      timeoutMs: undefined,
    });
    expect(parseCommandLine(['health', '127.0.0.1:1'])).toMatchObject({ service: '' });
  });

  it('--version alone is the tool version; with a value it is the service version', () => {
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
    expect(call('--version', '2.0.0').version).toBe('2.0.0');
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['call', '-h'])).toEqual({ kind: 'help' });
  });

  it('names the flag in every usage error', () => {
    expect(problem([...BASE, '--bogus'])).toBe('unknown option --bogus (see dubbo-mesh --help)');
    expect(problem([...BASE, '--idempotent=yes'])).toBe('--idempotent takes no value');
    expect(problem([...BASE, '--timeout'])).toBe('--timeout needs a value');
    expect(problem([...BASE, '--timeout', '10ms'])).toMatch(/^--timeout expects a whole number/);
    expect(problem([...BASE, '--attachment', '=v'])).toMatch(/^--attachment expects key=value/);
    expect(problem([...BASE, '--service', 'x'])).toBe('--service does not apply to call');
    expect(problem([...BASE, '--proto', 'a.proto'])).toMatch(/mutually exclusive/);
    expect(problem(['call', 'a.B/m', '--types', ''])).toMatch(/--direct <endpoint>/);
    expect(problem(['call', 'a.B/m', '--direct', '127.0.0.1:1'])).toMatch(/--proto <file.proto> or --types/);
    expect(problem(['call', 'a.B/m', '--direct', 'localhost', '--types', ''])).toMatch(
      /^--direct: invalid endpoint "localhost"/,
    );
    expect(problem(['call', 'a.B/m', '{}', 'extra', '--direct', '127.0.0.1:1', '--types', ''])).toMatch(
      /unexpected argument "extra"/,
    );
  });

  it('keeps TLS flags to https endpoints, and --cert with --key', () => {
    expect(problem([...BASE, '--ca', '/ca.pem'])).toMatch(/^--ca needs an https:\/\/ endpoint/);
    expect(problem(['health', 'https://h:443', '--cert', '/c.pem'])).toMatch(/--cert and --key go together/);
    expect(
      parseCommandLine(['health', 'https://h:443', '--cert', '/c.pem', '--key', '/k.pem']),
    ).toMatchObject({
      connect: { cert: '/c.pem', key: '/k.pem' },
    });
  });

  it('leaves gen to its own parser (main dispatches it before parseCommandLine)', () => {
    expect(problem(['gen', 'a.proto'])).toMatch(/^unknown command "gen"/);
  });

  it('--sidecar: Thin mode; empty means DUBBO_MESH_SIDECAR or the default', () => {
    expect(parseCommandLine(['call', 'a.B/m', '--sidecar=unix:/s.sock', '--types', ''])).toMatchObject({
      target: { kind: 'thin', thin: { sidecar: 'unix:/s.sock', maxMessageBytes: 4 * 1024 * 1024 } },
    });
    expect(parseCommandLine(['call', 'a.B/m', '--sidecar', '127.0.0.1:15001', '--types', ''])).toMatchObject({
      target: { kind: 'thin', thin: { sidecar: '127.0.0.1:15001' } },
    });
    expect(parseCommandLine(['call', 'a.B/m', '--sidecar=', '--types', ''])).toMatchObject({
      target: { kind: 'thin', thin: { sidecar: undefined } },
    });
  });

  it('--sidecar E --registry R --mesh: the mesh client, with the Fat flags', () => {
    expect(
      parseCommandLine([
        'call',
        'a.B/m',
        '--sidecar',
        'unix:/s.sock',
        '--registry',
        'file:/p.yaml',
        '--mesh',
        '--rules',
        '/r.yaml',
        '--types',
        '',
      ]),
    ).toMatchObject({
      target: {
        kind: 'mesh',
        thin: { sidecar: 'unix:/s.sock' },
        fat: { registry: 'file:/p.yaml', rules: '/r.yaml' },
      },
    });
    expect(
      parseCommandLine(['call', 'a.B/m', '--registry', 'file:/p.yaml', '--mesh', '--types', '']),
    ).toMatchObject({ target: { kind: 'mesh', thin: { sidecar: undefined } } });
  });

  it('refuses sidecar and mesh combinations that do not make sense, naming the flags', () => {
    expect(problem(['call', 'a.B/m', '--direct', '127.0.0.1:1', '--mesh', '--types', ''])).toMatch(
      /^--mesh and --direct are mutually exclusive/,
    );
    expect(
      problem(['call', 'a.B/m', '--direct', '127.0.0.1:1', '--sidecar', 'unix:/s', '--types', '']),
    ).toMatch(/^--sidecar and --direct are mutually exclusive/);
    expect(problem(['call', 'a.B/m', '--sidecar', 'unix:/s', '--mesh', '--types', ''])).toMatch(
      /^--mesh needs --registry/,
    );
    expect(
      problem(['call', 'a.B/m', '--sidecar', 'unix:/s', '--registry', 'file:/p.yaml', '--types', '']),
    ).toMatch(/need --mesh/);
    expect(problem(['call', 'a.B/m', '--sidecar', 'unix:/s', '--rules', '/r', '--types', ''])).toMatch(
      /^--rules applies to Fat and mesh mode/,
    );
    expect(problem(['call', 'a.B/m', '--sidecar', 'unix:/s', '--ca', '/ca', '--types', ''])).toMatch(
      /^--ca does not apply to Thin mode/,
    );
    expect(problem(['call', 'a.B/m', '--sidecar', 'relative.sock', '--types', ''])).toMatch(/^--sidecar: /);
    expect(problem(['call', 'a.B/m', '--sidecar', 'https://h:1', '--types', ''])).toMatch(
      /the sidecar is local/,
    );
  });

  it('treats everything after -- as positional', () => {
    expect(call('--', '--mesh').argsJson).toBe('--mesh');
  });
});
