/**
 * The sidecar's socket and configuration: the socket directory is created 0700 and the socket is
 * 0660; a stale socket left by a crash (SIGKILL) is replaced; a second sidecar on a live socket
 * refuses to start; `mesh.yaml` works like the flags and its errors name the file, line and key.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkHealth, createHttp2Transport } from '@dubbo-mesh/sdk-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FatFiles, makeFatFiles } from '../cli/fat-files.js';
import { runSidecarToExit, startSidecarProcess } from './sidecar-process.js';

async function healthOf(socketPath: string): Promise<string> {
  const transport = createHttp2Transport(`unix:${socketPath}`, { authority: 'sidecar' });
  try {
    return await checkHealth(transport, '', { timeoutMs: 3000 });
  } finally {
    await transport.close();
  }
}

describe('dubbo-mesh sidecar: socket and configuration', () => {
  let files: FatFiles;

  beforeAll(() => {
    files = makeFatFiles();
    files.write('providers.yaml', 'providers: []\n');
  });
  afterAll(() => files?.remove());

  it('creates the socket directory 0700 and the socket 0660; a second sidecar refuses the live socket', async () => {
    const socketPath = join(files.dir, 'new', 'dir', 'sidecar.sock');
    const first = await startSidecarProcess(['--listen', `unix:${socketPath}`, '--registry', files.registry]);
    try {
      expect(first.readyLine).toContain(`listen=unix:${socketPath}`);
      expect(first.stdout().trim().split('\n')).toHaveLength(1);
      expect(statSync(join(files.dir, 'new', 'dir')).mode & 0o777).toBe(0o700);
      const socket = statSync(socketPath);
      expect(socket.isSocket()).toBe(true);
      expect(socket.mode & 0o777).toBe(0o660);

      const second = await runSidecarToExit(['--listen', `unix:${socketPath}`, '--registry', files.registry]);
      expect(second.code).toBe(1);
      expect(second.stdout).toBe('');
      expect(second.stderr).toMatch(/another process is accepting connections on .*sidecar\.sock/);
      expect(await healthOf(socketPath)).toBe('SERVING');
    } finally {
      await first.kill();
    }
  });

  it('replaces a stale socket left by a sidecar killed with SIGKILL', async () => {
    const socketPath = join(files.dir, 'stale.sock');
    const crashed = await startSidecarProcess([
      '--listen',
      `unix:${socketPath}`,
      '--registry',
      files.registry,
    ]);
    await crashed.kill();
    expect(statSync(socketPath).isSocket()).toBe(true);
    const next = await startSidecarProcess(['--listen', `unix:${socketPath}`, '--registry', files.registry]);
    try {
      expect(await healthOf(socketPath)).toBe('SERVING');
    } finally {
      await next.kill();
    }
  });

  it('refuses a path that is not a socket, leaving the file alone', async () => {
    const path = files.write('not-a-socket', 'keep me');
    const run = await runSidecarToExit(['--listen', `unix:${path}`, '--registry', files.registry]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/exists and is not a socket/);
    expect(statSync(path).isFile()).toBe(true);
  });

  it('reads mesh.yaml, with flags over it', async () => {
    const socketPath = join(files.dir, 'yaml.sock');
    const config = files.write(
      'mesh.yaml',
      [
        `listen: unix:${join(files.dir, 'ignored.sock')}`,
        'registry: file:providers.yaml',
        'app: from-yaml',
        '',
      ].join('\n'),
    );
    const sidecar = await startSidecarProcess(['--config', config, '--listen', `unix:${socketPath}`]);
    try {
      expect(await healthOf(socketPath)).toBe('SERVING');
      expect(existsSync(join(files.dir, 'ignored.sock'))).toBe(false);
    } finally {
      await sidecar.kill();
    }
  });

  it.each([
    ['listen: unix:/tmp/x.sock\nregistry: file:/p.yaml\nlisen: typo\n', /mesh\.yaml:3: lisen: unknown key/],
    [
      'listen: unix:/tmp/x.sock\nregistry: file:/p.yaml\nserve:\n  - a.B=127.0.0.1:1\n  - nonsense\n',
      /mesh\.yaml:3: serve\[1\]: "nonsense" is not <service>=<host:port>/,
    ],
    [
      'listen: relative.sock\nregistry: file:/p.yaml\n',
      /mesh\.yaml:1: listen: "relative\.sock" is not unix:\/absolute\/path/,
    ],
    [
      'listen: unix:/tmp/x.sock\nregistry: file:/p.yaml\nmetrics: 0.0.0.0:9464\n',
      /mesh\.yaml:3: metrics: .*not a loopback/,
    ],
    ['listen: [unterminated\n', /mesh\.yaml:\d+: invalid YAML/],
  ])('rejects a bad mesh.yaml naming the file, line and key: %j', async (text, pattern) => {
    const config = files.write('bad/mesh.yaml', text);
    const run = await runSidecarToExit(['--config', config]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr).toContain(config);
  });

  it.each([
    [['--registry', 'file:/p.yaml'], /needs --listen/],
    [['--listen', 'unix:/tmp/x.sock'], /needs --registry/],
    [['--listen', 'unix:/tmp/x.sock', '--registry', 'etcd://h:1'], /--registry: "etcd:\/\/h:1" is not/],
    [
      ['--listen', 'unix:/tmp/x.sock', '--registry', 'file:/p.yaml', '--serve', 'a.B'],
      /--serve: "a\.B" is not/,
    ],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('rejects bad flags naming them: %j', async (args, pattern) => {
    const run = await runSidecarToExit(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(pattern);
  });

  it('refuses --serve with a registry that cannot register providers', async () => {
    const run = await runSidecarToExit([
      '--listen',
      `unix:${join(files.dir, 'serve.sock')}`,
      '--registry',
      files.registry,
      '--serve',
      'a.B=127.0.0.1:50051',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot register providers/);
  });

  it('prints its usage with --help', async () => {
    const run = await runSidecarToExit(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--listen unix:\/path/);
  });
});
