import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fourLetterWord, startZooKeeper, type ZooKeeperPeer } from '../peers/zookeeper.js';
import { waitUntil } from './wait-until.js';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function answers(peer: ZooKeeperPeer): Promise<boolean> {
  return (await fourLetterWord(peer.port, 'srvr')).includes('Mode: standalone');
}

describe('ZooKeeper peer', () => {
  let peer: ZooKeeperPeer;

  beforeAll(async () => {
    peer = await startZooKeeper();
  });

  afterAll(async () => {
    await peer?.close();
  });

  it('answers srvr on 127.0.0.1 at its port', async () => {
    expect(peer.connectString).toBe(`127.0.0.1:${peer.port}`);
    expect(await fourLetterWord(peer.port, 'srvr')).toMatch(/Zookeeper version: 3\.8/);
    expect(await fourLetterWord(peer.port, 'ruok')).toBe('imok');
  });

  it('stops on SIGTERM and restarts on the same port and data dir', async () => {
    const pid = peer.pid();
    expect(pid).toBeDefined();
    await peer.stop();
    expect(processAlive(pid!)).toBe(false);
    expect(await fourLetterWord(peer.port, 'srvr')).toBe('');
    await peer.restart();
    expect(await answers(peer)).toBe(true);
    expect(existsSync(peer.dataDir)).toBe(true);
  });

  it('dies on SIGKILL and comes back with restart()', async () => {
    const pid = peer.pid()!;
    await peer.kill();
    expect(processAlive(pid)).toBe(false);
    expect(await fourLetterWord(peer.port, 'srvr')).toBe('');
    await peer.restart();
    expect(await answers(peer)).toBe(true);
    expect(peer.pid()).not.toBe(pid);
  });

  it('close() kills the server and removes its data dir', async () => {
    const other = await startZooKeeper();
    const pid = other.pid()!;
    await other.close();
    expect(processAlive(pid)).toBe(false);
    expect(existsSync(other.dataDir)).toBe(false);
  });

  it('kills a server whose test process died without closing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dm-zk-orphan-'));
    const script = join(dir, 'orphan.mts');
    const peerModule = join(import.meta.dirname, '../peers/zookeeper.ts');
    writeFileSync(
      script,
      `import { startZooKeeper } from ${JSON.stringify(peerModule)};
const peer = await startZooKeeper();
process.stdout.write(JSON.stringify({ pid: peer.pid(), port: peer.port }) + '\\n');
process.kill(process.pid, 'SIGKILL');
`,
    );
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
      });
      await new Promise((resolve) => child.once('exit', resolve));
      const { pid, port } = JSON.parse(out.trim()) as { pid: number; port: number };
      await waitUntil(() => !processAlive(pid), 5_000, 'the orphaned ZooKeeper to be killed');
      expect(await fourLetterWord(port, 'srvr')).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
