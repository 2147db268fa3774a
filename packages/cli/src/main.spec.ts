import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.js';
import type { CliIo } from './output.js';
import { TOOL_VERSION } from './tool-version.js';

function captureIo(isTTY: boolean): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    isTTY,
    stdout: { write: (text: string) => (io.out += text) },
    stderr: { write: (text: string) => (io.err += text) },
  };
  return io;
}

/** A port nothing listens on, so calls fail UNAVAILABLE without a peer. */
async function deadEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return `127.0.0.1:${address.port}`;
}

describe('main, in-process', () => {
  let dir: string;
  let proto: string;
  let dead: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dm-cli-'));
    proto = join(dir, 'ping.proto');
    writeFileSync(
      proto,
      'syntax = "proto3"; package p; message M { string s = 1; } service S { rpc Ping(M) returns (M); }',
    );
    dead = await deadEndpoint();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns exit codes instead of exiting', async () => {
    const version = captureIo(false);
    expect(await main(['--version'], version)).toBe(0);
    expect(version.out).toBe(`${TOOL_VERSION}\n`);
    const usage = captureIo(false);
    expect(await main(['call'], usage)).toBe(1);
    expect(usage.err).toBe('dubbo-mesh: call needs <service>/<method>\n');
  });

  it('reports an unreachable endpoint as an RPC error', async () => {
    const io = captureIo(false);
    expect(await main(['call', 'p.S/Ping', '{"s":"x"}', '--direct', dead, '--proto', proto], io)).toBe(2);
    expect(JSON.parse(io.err)).toMatchObject({ code: 14, codeName: 'UNAVAILABLE' });
    expect(io.out).toBe('');
  });

  it('draws the load progress line only when stderr is a terminal', async () => {
    const args = ['call', 'p.S/Ping', '--direct', dead, '--proto', proto, '--repeat', '5'];
    const piped = captureIo(false);
    expect(await main(args, piped)).toBe(2);
    expect(piped.err).toBe('');
    expect(JSON.parse(piped.out)).toMatchObject({ failed: 5, errors: { UNAVAILABLE: 5 } });

    const terminal = captureIo(true);
    expect(await main(args, terminal)).toBe(2);
    expect(terminal.err.startsWith('\r\x1b[K1 calls, ')).toBe(true);
    expect(terminal.err).toMatch(/1 calls, \d+\/s, 1 errors, mode direct/);
    expect(terminal.err.endsWith('\r\x1b[K')).toBe(true);
    expect(JSON.parse(terminal.out)).toMatchObject({ failed: 5 });
  });

  it('counts Fat-mode calls under modes.fat, with the mode on the progress line', async () => {
    const registry = join(dir, 'providers.yaml');
    writeFileSync(registry, `providers:\n  - tri://${dead}/p.S?application=p\n`);
    const args = ['call', 'p.S/Ping', '--registry', `file:${registry}`, '--proto', proto, '--repeat', '3'];
    const terminal = captureIo(true);
    expect(await main(args, terminal)).toBe(2);
    expect(JSON.parse(terminal.out)).toMatchObject({
      ok: 0,
      failed: 3,
      modes: { fat: 3 },
      errors: { UNAVAILABLE: 3 },
    });
    expect(terminal.err).toMatch(/mode fat/);

    const single = captureIo(false);
    expect(await main(args.slice(0, -2), single)).toBe(2);
    expect(JSON.parse(single.err)).toMatchObject({ code: 14, codeName: 'UNAVAILABLE' });
  });
});
