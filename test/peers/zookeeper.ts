import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killGroup, trackGroup, untrackGroup } from './process-group.js';

/** A real ZooKeeper 3.8 server (Debian's `zookeeper` package) on loopback, for integration tests. */
export interface ZooKeeperPeer {
  /** `127.0.0.1:PORT`, for a ZooKeeper client or a `zookeeper://` registry URL. */
  readonly connectString: string;
  readonly port: number;
  readonly dataDir: string;
  /** SIGTERM, then waits for the process to exit (SIGKILL after 5 s). */
  stop(): Promise<void>;
  /** SIGKILL: ZooKeeper dies without closing sessions, as when its host fails. */
  kill(): Promise<void>;
  /** Starts again on the same port and data dir (sessions and nodes survive); resolves when ready. */
  restart(): Promise<void>;
  /** Kills the server if it runs and removes its temp dir. */
  close(): Promise<void>;
  /** The server's process id while it runs. */
  pid(): number | undefined;
}

export interface ZooKeeperOptions {
  /** Client port; default: a free one. */
  port?: number;
  /** ZooKeeper's tick (ms); the minimum session timeout is two ticks. Default 500. */
  tickTime?: number;
}

const JAVA_DIR = '/usr/share/java';
const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;
const MAX_CAPTURED_OUTPUT = 64 * 1024;

/**
 * zookeeper.jar's manifest names its dependencies; only an slf4j binding is left to choose. The
 * simple binding logs warnings to stderr, which a failed start reports.
 */
export function zooKeeperClassPath(): string {
  const jar = join(JAVA_DIR, 'zookeeper.jar');
  if (!existsSync(jar)) {
    throw new Error(`ZooKeeper is not installed (${jar} missing): apt-get install -y zookeeper`);
  }
  const binding = ['slf4j-simple.jar', 'slf4j-nop.jar'].map((name) => join(JAVA_DIR, name)).find(existsSync);
  return binding === undefined ? jar : `${jar}:${binding}`;
}

/** A port nothing listens on right now (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Sends a four-letter word and resolves with the whole answer ('' if the port is closed). */
export function fourLetterWord(port: number, word: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    socket.setTimeout(1_000, () => socket.destroy());
    socket.on('connect', () => socket.write(word));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('utf8');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(answer));
  });
}

function zooCfg(dataDir: string, port: number, tickTime: number): string {
  return [
    `tickTime=${tickTime}`,
    `dataDir=${dataDir}`,
    `clientPort=${port}`,
    'clientPortAddress=127.0.0.1',
    'admin.enableServer=false',
    '4lw.commands.whitelist=ruok,srvr,stat,mntr,cons',
    // Clients ask for up to 60 s; the default maximum (20 ticks) would cut that to 10 s.
    'maxSessionTimeout=120000',
    '',
  ].join('\n');
}

/**
 * A shell that SIGKILLs the server's process group once this process is gone, however it died
 * (the 'exit' hook does not run when the test runner is killed).
 */
function startWatchdog(serverPid: number): ChildProcess {
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -9 -${serverPid} 2>/dev/null`;
  const watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  return watchdog;
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts ZooKeeper standalone (`java -cp ... QuorumPeerMain zoo.cfg`, no systemd) with a fresh temp
 * data dir on 127.0.0.1, and resolves once `srvr` answers `Mode: standalone` (TOOLCHAIN.md).
 */
export async function startZooKeeper(options: ZooKeeperOptions = {}): Promise<ZooKeeperPeer> {
  const classPath = zooKeeperClassPath();
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'dm-zookeeper-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  const cfg = join(dir, 'zoo.cfg');
  writeFileSync(cfg, zooCfg(dataDir, port, options.tickTime ?? 500));

  let child: ChildProcess | undefined;
  let watchdog: ChildProcess | undefined;
  let output = '';

  const launch = async (): Promise<void> => {
    output = '';
    const server = spawn(
      'java',
      [
        '-Xmx128m',
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
        '-cp',
        classPath,
        'org.apache.zookeeper.server.quorum.QuorumPeerMain',
        cfg,
      ],
      { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = server;
    const capture = (chunk: Buffer): void => {
      if (output.length < MAX_CAPTURED_OUTPUT) output += chunk.toString('utf8');
    };
    server.stdout?.on('data', capture);
    server.stderr?.on('data', capture);
    let spawnError: Error | undefined;
    server.once('error', (err) => {
      spawnError = err;
    });
    if (server.pid !== undefined) {
      trackGroup(server.pid);
      watchdog = startWatchdog(server.pid);
    }
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (spawnError) throw new Error(`cannot run java: ${spawnError.message}`);
      if (server.exitCode !== null || server.signalCode !== null) {
        throw new Error(`ZooKeeper exited during start-up:\n${output || '(no output)'}`);
      }
      if ((await fourLetterWord(port, 'srvr')).includes('Mode: standalone')) return;
      if (Date.now() > deadline) {
        await terminate('SIGKILL');
        throw new Error(`ZooKeeper not ready on port ${port} after ${READY_TIMEOUT_MS} ms:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    if (!running || running.pid === undefined) return;
    const pid = running.pid;
    if (running.exitCode === null && running.signalCode === null) {
      killGroup(pid, signal);
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), STOP_TIMEOUT_MS);
      await waitForExit(running);
      clearTimeout(timer);
    }
    untrackGroup(pid);
    child = undefined;
    if (watchdog?.pid !== undefined) killGroup(watchdog.pid, 'SIGKILL');
    watchdog = undefined;
  };

  try {
    await launch();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  let closed = false;
  return {
    connectString: `127.0.0.1:${port}`,
    port,
    dataDir,
    pid: () => child?.pid,
    stop: () => terminate('SIGTERM'),
    kill: () => terminate('SIGKILL'),
    restart: async () => {
      if (closed) throw new Error('ZooKeeper peer is closed');
      await terminate('SIGTERM');
      await launch();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await terminate('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
