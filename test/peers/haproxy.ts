import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary, requireBinary } from './find-binary.js';
import { type ProxyPeer, startProxyProcess } from './proxy-process.js';

export type { ProxyPeer } from './proxy-process.js';

export interface HaproxyOptions {
  /** Unix socket HAProxy listens on (HTTP/2 prior knowledge). */
  socketPath: string;
  /** gRPC upstream, `127.0.0.1:PORT` (h2c). */
  upstream: string;
}

/** True if a haproxy binary is installed. */
export function hasHaproxy(): boolean {
  return findBinary('haproxy') !== undefined;
}

function haproxyConfig(options: HaproxyOptions): string {
  return `global
  log stderr format raw local0 notice

defaults
  mode http
  log global
  timeout connect 5s
  timeout client 1h
  timeout server 1h
  timeout tunnel 1h
  timeout http-request 1h

frontend grpc_in
  bind unix@${options.socketPath} mode 666 proto h2
  default_backend grpc_upstream

backend grpc_upstream
  server s1 ${options.upstream} proto h2
`;
}

/**
 * Runs HAProxy in the foreground (`haproxy -f haproxy.cfg -db`) with its config in a fresh temp dir,
 * proxying gRPC from `socketPath` to `upstream`. Resolves once the socket accepts connections.
 */
export async function startHaproxy(options: HaproxyOptions): Promise<ProxyPeer> {
  const haproxy = requireBinary('haproxy', 'haproxy');
  const dir = mkdtempSync(join(tmpdir(), 'dm-haproxy-'));
  const cfg = join(dir, 'haproxy.cfg');
  writeFileSync(cfg, haproxyConfig(options));
  return startProxyProcess({
    name: 'haproxy',
    command: haproxy,
    args: ['-f', cfg, '-db'],
    socketPath: options.socketPath,
    tempDir: dir,
  });
}
