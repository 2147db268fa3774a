import { rmSync } from 'node:fs';
import { startHaproxy } from '../peers/haproxy.js';
import { startNginx } from '../peers/nginx.js';
import type { ProxyPeer } from '../peers/proxy-process.js';
import { startSidecarProcess as startDubboMeshSidecar } from '../sidecar/sidecar-process.js';

/**
 * Which process plays the sidecar: nginx or HAProxy on a UDS in front of grpc-js (third-party
 * sidecars that do not serve grpc.health.v1, so the Thin client judges them by their connection), or
 * our own `dubbo-mesh sidecar`.
 */
export type SidecarKind = 'nginx' | 'haproxy' | 'dubbo-mesh';

/**
 * The sidecar the chaos tests run. Change this one line to run them against another (or set
 * `CHAOS_SIDECAR=haproxy|dubbo-mesh` for one run).
 */
export const CHAOS_SIDECAR: SidecarKind = chaosSidecarFromEnv() ?? 'nginx';

function chaosSidecarFromEnv(): SidecarKind | undefined {
  const value = process.env.CHAOS_SIDECAR;
  if (value === undefined || value === '') return undefined;
  if (value === 'nginx' || value === 'haproxy' || value === 'dubbo-mesh') return value;
  throw new Error(`CHAOS_SIDECAR=${value}: expected nginx, haproxy or dubbo-mesh`);
}

export interface SidecarProcessOptions {
  kind?: SidecarKind;
  /** Absolute socket path; its directory must outlive restarts (do not use tempSocketPath). */
  socketPath: string;
  /** nginx and HAProxy: the one grpc-js provider behind them, `127.0.0.1:PORT`. */
  upstream: string;
  /** `dubbo-mesh sidecar`: the registry it routes with, `file:/abs/providers.yaml`. */
  registry: string;
}

/** A sidecar in its own process (group), for signals: kill, freeze, drain, restart. */
export interface SidecarProcess {
  readonly kind: SidecarKind;
  readonly socketPath: string;
  /** `unix:<socketPath>`, for the Thin and mesh clients. */
  readonly endpoint: string;
  /** The current process (its group leader for nginx and HAProxy). */
  readonly pid: number;
  /** SIGKILL to every process of the sidecar; resolves once they are gone. The socket file stays behind. */
  kill(): Promise<void>;
  /** SIGSTOP: the process stays, its socket accepts connections, nothing answers. */
  freeze(): void;
  /** SIGCONT after `freeze`. */
  thaw(): void;
  /**
   * The graceful stop of this kind (nginx SIGQUIT, HAProxy SIGUSR1, ours SIGTERM): stop accepting,
   * finish in-flight calls, exit. Resolves once the process is gone.
   */
  drain(): Promise<void>;
  /** A fresh process on the same socket path (a stale socket file is removed first, as a supervisor would). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The signal each kind takes as "finish what you are doing, then exit" (nginx: SIGTERM is a fast stop). */
const GRACEFUL: Readonly<Record<SidecarKind, NodeJS.Signals>> = {
  nginx: 'SIGQUIT',
  haproxy: 'SIGUSR1',
  'dubbo-mesh': 'SIGTERM',
};

interface Running {
  readonly pid: number;
  /** Signals every process of the sidecar. */
  signal(signal: NodeJS.Signals): void;
  /** Resolves once every process is gone. */
  gone(): Promise<void>;
  close(): Promise<void>;
}

async function launch(kind: SidecarKind, options: SidecarProcessOptions): Promise<Running> {
  if (kind === 'dubbo-mesh') {
    const sidecar = await startDubboMeshSidecar([
      '--listen',
      `unix:${options.socketPath}`,
      '--registry',
      options.registry,
      '--app',
      'chaos-sidecar',
    ]);
    return {
      pid: sidecar.pid,
      signal: (signal) => sidecar.child.kill(signal),
      gone: async () => {
        await sidecar.exited;
      },
      close: () => sidecar.kill(),
    };
  }
  // nginx and HAProxy refuse to bind over a socket file left by a killed predecessor.
  rmSync(options.socketPath, { force: true });
  const proxy: ProxyPeer =
    kind === 'nginx'
      ? await startNginx({
          socketPath: options.socketPath,
          upstream: options.upstream,
          keepaliveRequests: 1_000_000,
        })
      : await startHaproxy({ socketPath: options.socketPath, upstream: options.upstream });
  return {
    pid: proxy.pid,
    // The group: nginx's workers (which hold the connections) die or freeze with their master.
    signal: (signal) => signalGroup(proxy.pid, signal),
    gone: () => groupGone(proxy.pid),
    close: () => proxy.close(),
  };
}

export async function startSidecarProcess(options: SidecarProcessOptions): Promise<SidecarProcess> {
  const kind = options.kind ?? CHAOS_SIDECAR;
  let running = await launch(kind, options);
  return {
    kind,
    socketPath: options.socketPath,
    endpoint: `unix:${options.socketPath}`,
    get pid() {
      return running.pid;
    },
    async kill() {
      running.signal('SIGKILL');
      await running.gone();
    },
    freeze: () => running.signal('SIGSTOP'),
    thaw: () => running.signal('SIGCONT'),
    async drain() {
      running.signal(GRACEFUL[kind]);
      await running.gone();
    },
    async restart() {
      // Clean up what the previous process left (its temp dir), before the new one takes the socket path.
      await running.close();
      running = await launch(kind, options);
    },
    async close() {
      running.signal('SIGCONT');
      await running.close();
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

/** Polls until no process of the group is left (the test process reaps its own children). */
async function groupGone(pid: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`sidecar process group ${pid} still alive after 10 s`);
}
