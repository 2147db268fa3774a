import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareSocketPath, SocketInUseError } from './socket-file.js';

const dir = mkdtempSync(join(tmpdir(), 'dm-socket-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('prepareSocketPath', () => {
  it('creates a missing directory with mode 0700', async () => {
    const path = join(dir, 'a', 'b', 's.sock');
    await prepareSocketPath(path);
    expect(statSync(join(dir, 'a', 'b')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'a')).mode & 0o777).toBe(0o700);
  });

  it('refuses a socket a live process accepts on', async () => {
    const path = join(dir, 'live.sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      const error = await prepareSocketPath(path).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(SocketInUseError);
      expect((error as Error).message).toMatch(/another process is accepting connections/);
      expect(statSync(path).isSocket()).toBe(true);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuses a path that is not a socket and leaves it alone', async () => {
    const path = join(dir, 'file');
    writeFileSync(path, 'data');
    await expect(prepareSocketPath(path)).rejects.toThrow(/is not a socket/);
    expect(statSync(path).isFile()).toBe(true);
  });
});
