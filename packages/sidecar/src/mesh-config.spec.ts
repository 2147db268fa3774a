import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMeshConfig } from './mesh-config.js';
import { parseSidecarFlags } from './sidecar-flags.js';
import { mergeSettings } from './sidecar-settings.js';

const dir = mkdtempSync(join(tmpdir(), 'dm-mesh-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function config(text: string): string {
  const file = join(dir, `mesh-${Math.abs(hash(text))}.yaml`);
  writeFileSync(file, text);
  return file;
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return h;
}

describe('readMeshConfig', () => {
  it('reads every key; relative rules and file: registry paths are relative to the file', () => {
    const file = config(
      [
        'listen: unix:/run/dubbo-mesh/sidecar.sock',
        'listen-tcp: 127.0.0.1:20880',
        'registry: file:providers.yaml',
        'rules: rules',
        'serve:',
        '  - org.demo.Greeter=127.0.0.1:50051',
        '  - org.demo.Other=127.0.0.1:50052?version=2',
        'app: greeter',
        'metrics: 127.0.0.1:9464',
        '',
      ].join('\n'),
    );
    expect(readMeshConfig(file)).toEqual({
      listen: 'unix:/run/dubbo-mesh/sidecar.sock',
      'listen-tcp': '127.0.0.1:20880',
      registry: `file:${join(dir, 'providers.yaml')}`,
      rules: join(dir, 'rules'),
      serve: ['org.demo.Greeter=127.0.0.1:50051', 'org.demo.Other=127.0.0.1:50052?version=2'],
      app: 'greeter',
      metrics: '127.0.0.1:9464',
    });
    expect(readMeshConfig(config('registry: zookeeper://127.0.0.1:2181\n'))).toEqual({
      registry: 'zookeeper://127.0.0.1:2181',
    });
    expect(readMeshConfig(config(''))).toEqual({});
  });

  it.each([
    ['app: a\nregistry: 5\n', ':2: registry: must be a string'],
    ['serve: a.B=127.0.0.1:1\n', ':1: serve: must be a list'],
    ['serve:\n  - 7\n', ':1: serve[0]: must be a string'],
    ['- just\n- a list\n', ': must be a mapping'],
    ['app: ""\n', ':1: app: must not be empty'],
    ['listen-tcp: 192.168.1.1:80\n', ':1: listen-tcp: "192.168.1.1:80" is not a loopback address'],
  ])('names the file, line and key for %j', (text, expected) => {
    const file = config(text);
    expect(() => readMeshConfig(file)).toThrow(`${file}${expected}`);
  });

  it('names a file it cannot read', () => {
    expect(() => readMeshConfig(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: cannot read/);
  });
});

describe('parseSidecarFlags and mergeSettings', () => {
  it('reads the flags; flags replace file values and serve entries add up', () => {
    const flags = parseSidecarFlags([
      '--config',
      'mesh.yaml',
      '--listen',
      'unix:/tmp/s.sock',
      '--serve',
      'a.B=127.0.0.1:1',
      '--serve',
      'c.D=127.0.0.1:2',
      '--app',
      'flag-app',
    ]);
    expect(flags).toEqual({
      kind: 'run',
      config: 'mesh.yaml',
      settings: {
        listen: 'unix:/tmp/s.sock',
        app: 'flag-app',
        serve: ['a.B=127.0.0.1:1', 'c.D=127.0.0.1:2'],
      },
    });
    if (flags.kind !== 'run') throw new Error('unreachable');
    expect(
      mergeSettings(
        { app: 'file-app', registry: 'file:/p.yaml', serve: ['x.Y=127.0.0.1:3'] },
        flags.settings,
      ),
    ).toEqual({
      app: 'flag-app',
      registry: 'file:/p.yaml',
      listen: 'unix:/tmp/s.sock',
      serve: ['x.Y=127.0.0.1:3', 'a.B=127.0.0.1:1', 'c.D=127.0.0.1:2'],
    });
  });

  it('names the bad flag', () => {
    expect(() => parseSidecarFlags(['--metrics', '0.0.0.0:1'])).toThrow(/^--metrics: .*not a loopback/);
    expect(() => parseSidecarFlags(['stray'])).toThrow(/^sidecar: Unexpected argument 'stray'/);
    expect(parseSidecarFlags(['-h'])).toEqual({ kind: 'help' });
  });
});
