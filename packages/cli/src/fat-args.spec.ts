import { DEFAULT_MAX_MESSAGE_BYTES } from '@dubbo-mesh/codec-triple';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './args.js';
import { registryUrl } from './fat-args.js';
import { UsageError } from './usage-error.js';

function problem(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('call --registry (Fat mode)', () => {
  it('reads the registry, rules and TLS files', () => {
    expect(
      parseCommandLine([
        'call',
        'a.B/m',
        '--registry',
        'zookeeper://10.0.0.1:2181,10.0.0.2:2181',
        '--rules',
        'rules/',
        '--types',
        '',
        '--ca',
        '/ca.pem',
        '--max-message-bytes',
        '2048',
      ]),
    ).toMatchObject({
      kind: 'call',
      target: {
        kind: 'fat',
        fat: {
          registry: 'zookeeper://10.0.0.1:2181,10.0.0.2:2181',
          rules: 'rules/',
          ca: '/ca.pem',
          cert: undefined,
          key: undefined,
          maxMessageBytes: 2048,
        },
      },
      app: 'dubbo-mesh-cli',
    });
    expect(parseCommandLine(['call', 'a.B/m', '--registry', 'file:p.yaml', '--types', ''])).toMatchObject({
      target: { kind: 'fat', fat: { rules: undefined, maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES } },
    });
  });

  it('takes exactly one of --direct and --registry, and --rules only with --registry', () => {
    expect(
      problem(['call', 'a.B/m', '--direct', '127.0.0.1:1', '--registry', 'file:/p.yaml', '--types', '']),
    ).toMatch(/--direct and --registry are mutually exclusive/);
    expect(problem(['call', 'a.B/m', '--types', ''])).toMatch(
      /--direct <endpoint> .*--registry <url> .*--sidecar <endpoint>.*--mesh/,
    );
    expect(problem(['call', 'a.B/m', '--direct', '127.0.0.1:1', '--rules', 'r.yaml', '--types', ''])).toMatch(
      /^--rules applies to Fat mode \(--registry <url>\)/,
    );
  });

  it('keeps --cert with --key in Fat mode too', () => {
    expect(
      problem(['call', 'a.B/m', '--registry', 'file:/p.yaml', '--key', '/k.pem', '--types', '']),
    ).toMatch(/--cert and --key go together/);
  });
});

describe('registryUrl', () => {
  it('accepts zookeeper:// host lists and file: paths', () => {
    for (const url of [
      'zookeeper://127.0.0.1:2181',
      'zookeeper://a:1,b:2?timeout=3000',
      'zookeeper://h:2181/org.apache.dubbo.registry.RegistryService?backup=h2:2181',
      'file:/abs/providers.yaml',
      'file:///abs/providers.yaml',
      'file:relative.yaml',
      'file:/dir with spaces/providers.yaml',
    ]) {
      expect(registryUrl(url, 'call')).toBe(url);
    }
  });

  it('names the flag and the accepted forms otherwise', () => {
    for (const url of ['127.0.0.1:2181', 'nacos://h:8848', 'zookeeper://', 'file:']) {
      expect(() => registryUrl(url, 'call')).toThrow(
        /^--registry ".*" is not a registry URL: expected zookeeper:/,
      );
    }
    expect(() => registryUrl(undefined, 'providers')).toThrow(/^providers needs --registry <url>/);
  });
});

describe('providers', () => {
  it('reads the service, its version and group, and the app', () => {
    expect(
      parseCommandLine([
        'providers',
        'org.demo.Greeter',
        '--registry',
        'file:/p.yaml',
        '--version',
        '1.0.0',
        '--group',
        'g',
        '--app',
        'ops',
      ]),
    ).toEqual({
      kind: 'providers',
      service: 'org.demo.Greeter',
      version: '1.0.0',
      group: 'g',
      registry: 'file:/p.yaml',
      app: 'ops',
    });
    expect(parseCommandLine(['providers', 'a.B', '--registry', 'file:/p.yaml'])).toMatchObject({
      version: undefined,
      group: undefined,
      app: 'dubbo-mesh-cli',
    });
  });

  it('names what is missing or out of place', () => {
    expect(problem(['providers', '--registry', 'file:/p.yaml'])).toMatch(/^providers needs a <service>/);
    expect(problem(['providers', 'a.B'])).toMatch(/^providers needs --registry <url>/);
    expect(problem(['providers', 'a.B', 'c.D', '--registry', 'file:/p.yaml'])).toMatch(
      /unexpected argument "c.D"/,
    );
    expect(problem(['providers', 'a.B', '--registry', 'file:/p.yaml', '--rules', 'r.yaml'])).toBe(
      '--rules does not apply to providers',
    );
    expect(problem(['providers', 'a.B', '--registry', 'file:/p.yaml', '--proto', 'x.proto'])).toBe(
      '--proto does not apply to providers',
    );
  });
});

describe('route', () => {
  const BASE = ['route', 'org.demo.Greeter/sayHello', '--registry', 'file:/p.yaml', '--rules', 'r.yaml'];

  it('reads the invocation: attachments and --args', () => {
    expect(parseCommandLine([...BASE, '--attachment', 'dubbo.tag=gray', '--args', '["vip", 3]'])).toEqual({
      kind: 'route',
      service: 'org.demo.Greeter',
      method: 'sayHello',
      version: undefined,
      group: undefined,
      registry: 'file:/p.yaml',
      rules: 'r.yaml',
      app: 'dubbo-mesh-cli',
      attachments: { 'dubbo.tag': 'gray' },
      args: ['vip', 3],
    });
    expect(parseCommandLine(BASE)).toMatchObject({ args: undefined, attachments: {} });
  });

  it('takes a non-array --args as the one request message of an IDL method', () => {
    expect(parseCommandLine([...BASE, '--args', '{"name":"x"}'])).toMatchObject({ args: [{ name: 'x' }] });
  });

  it('names what is wrong', () => {
    expect(problem(['route', 'org.demo.Greeter', '--registry', 'file:/p.yaml', '--rules', 'r'])).toMatch(
      /not <service>\/<method>/,
    );
    expect(problem(['route', 'a.B/m', '--registry', 'file:/p.yaml'])).toMatch(
      /^route needs --rules <file\|dir>/,
    );
    expect(problem(['route', '--rules', 'r'])).toBe('route needs <service>/<method>');
    expect(problem([...BASE, '--args', '[oops'])).toMatch(/^--args is not valid JSON/);
    expect(problem([...BASE, '["x"]'])).toMatch(/route takes the arguments as --args JSON/);
    expect(problem([...BASE, '--timeout', '5'])).toBe('--timeout does not apply to route');
  });
});
