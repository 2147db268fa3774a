/**
 * The three proxies of the sidecar scenario, each on its own Unix socket in front of the same grpc-js
 * server: our `dubbo-mesh sidecar` (built CLI, own process, routing with a file registry), nginx
 * (keepalive_requests raised so it never sends GOAWAY during a run) and HAProxy, as test/peers and
 * test/mesh/sidecar-process.ts start them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasHaproxy, startHaproxy } from '../../test/peers/haproxy.js';
import { hasNginx, startNginx } from '../../test/peers/nginx.js';
import { TEST_SERVICE_NAME } from '../harness/test-service.js';
import { startNodeChild } from './child-node.js';
import { groupCpuUs, processCpuUs } from './proxy-cpu.js';

export type ProxyName = 'ours' | 'nginx' | 'haproxy';

/** One running proxy. */
export interface ProxyPeer {
  readonly name: ProxyName;
  readonly socketPath: string;
  /** CPU time of all its processes so far, µs, or undefined off Linux. */
  cpuUs(): number | undefined;
  close(): Promise<void>;
}

export interface ProxyPeerOptions {
  /** The grpc-js server, `127.0.0.1:PORT`. */
  readonly upstream: string;
  /** Directory for sockets, the registry file and profiles; removed by the caller. */
  readonly dir: string;
  /** Extra node flags for our sidecar, e.g. `--cpu-prof --cpu-prof-dir=...`. */
  readonly sidecarNodeFlags?: readonly string[];
}

const SIDECAR_BIN = new URL('../../packages/cli/bin/dubbo-mesh.mjs', import.meta.url);

/** Proxies whose binaries are installed (ours always is). */
export function availableProxies(): ProxyName[] {
  return [
    'ours',
    ...(hasNginx() ? (['nginx'] as const) : []),
    ...(hasHaproxy() ? (['haproxy'] as const) : []),
  ];
}

async function startOurSidecar(options: ProxyPeerOptions): Promise<ProxyPeer> {
  const registry = join(options.dir, 'providers.yaml');
  writeFileSync(
    registry,
    `providers:\n  - tri://${options.upstream}/${TEST_SERVICE_NAME}?application=bench-provider\n`,
  );
  const socketPath = join(options.dir, 'ours.sock');
  // The built CLI, as users run it (plain JS: no tsx).
  const child = startNodeChild(
    SIDECAR_BIN,
    ['sidecar', '--listen', `unix:${socketPath}`, '--registry', `file:${registry}`, '--app', 'bench-sidecar'],
    { nodeFlags: options.sidecarNodeFlags ?? [], tsx: false },
  );
  await child.line('ready', 15_000).catch(async (err: unknown) => {
    await child.stop();
    throw err;
  });
  return {
    name: 'ours',
    socketPath,
    cpuUs: () => processCpuUs(child.pid),
    // SIGTERM: the sidecar drains and exits, so --cpu-prof gets to write its profile.
    close: () => child.stop(),
  };
}

/** Starts one proxy; nginx and HAProxy need their binaries (see `availableProxies`). */
export async function startProxyPeer(name: ProxyName, options: ProxyPeerOptions): Promise<ProxyPeer> {
  if (name === 'ours') return startOurSidecar(options);
  const socketPath = join(options.dir, `${name}.sock`);
  rmSync(socketPath, { force: true });
  const peer =
    name === 'nginx'
      ? await startNginx({ socketPath, upstream: options.upstream, keepaliveRequests: 100_000_000 })
      : await startHaproxy({ socketPath, upstream: options.upstream });
  return { name, socketPath, cpuUs: () => groupCpuUs(peer.pid), close: () => peer.close() };
}

/** A fresh temp dir for one scenario run. */
export function scenarioDir(): string {
  return mkdtempSync(join(tmpdir(), 'dm-bench-sidecar-'));
}
