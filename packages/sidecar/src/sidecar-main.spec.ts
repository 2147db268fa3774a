import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runSidecarMain } from './sidecar-main.js';

const dir = mkdtempSync(join(tmpdir(), 'dm-main-'));
writeFileSync(join(dir, 'providers.yaml'), 'providers: []\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  let stdout = '';
  let stderr = '';
  return {
    io: { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

describe('runSidecarMain', () => {
  it('prints one ready line, then drains on SIGTERM and resolves 0', async () => {
    const out = capture();
    const signals = new EventEmitter();
    const socketPath = join(dir, 'main.sock');
    const run = runSidecarMain(
      ['--listen', `unix:${socketPath}`, '--registry', `file:${join(dir, 'providers.yaml')}`],
      out.io,
      signals,
      {},
    );
    await vi.waitFor(() => expect(out.stdout()).toContain('ready'));
    expect(out.stdout()).toBe(`dubbo-mesh sidecar ready listen=unix:${socketPath} registered=0\n`);
    signals.emit('SIGTERM');
    expect(await run).toBe(0);
    expect(out.stderr()).toMatch(/draining\n.*stopped\n$/s);
    expect(existsSync(socketPath)).toBe(false);
  });

  it('takes the socket from DUBBO_MESH_SIDECAR when --listen is absent', async () => {
    const out = capture();
    const signals = new EventEmitter();
    const socketPath = join(dir, 'env.sock');
    const run = runSidecarMain(['--registry', `file:${join(dir, 'providers.yaml')}`], out.io, signals, {
      DUBBO_MESH_SIDECAR: `unix:${socketPath}`,
    });
    await vi.waitFor(() => expect(out.stdout()).toContain(`ready listen=unix:${socketPath}`));
    signals.emit('SIGINT');
    expect(await run).toBe(0);
  });

  it('names a bad flag, or the missing --listen, with exit 1', async () => {
    const bad = capture();
    expect(
      await runSidecarMain(
        ['--registry', 'file:/p.yaml', '--listen-tcp', '8.8.8.8:1'],
        bad.io,
        new EventEmitter(),
        {},
      ),
    ).toBe(1);
    expect(bad.stderr()).toMatch(/--listen-tcp: "8\.8\.8\.8:1" is not a loopback/);
    const missing = capture();
    expect(await runSidecarMain(['--registry', 'file:/p.yaml'], missing.io, new EventEmitter(), {})).toBe(1);
    expect(missing.stderr()).toMatch(/needs --listen unix:\/path/);
  });

  it('reports a start failure naming the problem, with exit 1', async () => {
    const out = capture();
    const code = await runSidecarMain(
      [
        '--listen',
        `unix:${join(dir, 'r.sock')}`,
        '--registry',
        `file:${join(dir, 'providers.yaml')}`,
        '--rules',
        join(dir, 'nope'),
      ],
      out.io,
      new EventEmitter(),
      {},
    );
    expect(code).toBe(1);
    expect(out.stderr()).toMatch(/sidecar did not start: .*nope/);
    expect(out.stdout()).toBe('');
  });
});
