import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary, requireBinary } from './find-binary.js';
import { type ProxyPeer, startProxyProcess } from './proxy-process.js';

export type { ProxyPeer } from './proxy-process.js';

export interface NginxOptions {
  /** Unix socket nginx listens on (HTTP/2 prior knowledge). */
  socketPath: string;
  /** gRPC upstream, `127.0.0.1:PORT`. */
  upstream: string;
  /** `keepalive_requests`; default: not set, so nginx's own 1000 applies (GOAWAY every 1000 streams). */
  keepaliveRequests?: number;
}

/** True if an nginx binary is installed (Debian: nginx-light). */
export function hasNginx(): boolean {
  return findBinary('nginx') !== undefined;
}

const LONG = '3600s';

function nginxConfig(dir: string, options: NginxOptions): string {
  const keepalive =
    options.keepaliveRequests === undefined ? '' : `\n    keepalive_requests ${options.keepaliveRequests};`;
  // Run as root only when we are root: otherwise nginx ignores `user` with a warning.
  const user = process.getuid?.() === 0 ? 'user root root;\n' : '';
  return `${user}worker_processes 1;
error_log ${join(dir, 'error.log')} warn;
pid ${join(dir, 'nginx.pid')};
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'client_body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  # Reuse upstream HTTP/2 connections: without this nginx opens one per request and the
  # proxy, not the client, sets the pace.
  upstream grpc_upstream {
    server ${options.upstream};
    keepalive 32;
  }
  server {
    listen unix:${options.socketPath} http2;${keepalive}
    client_max_body_size 0;
    client_body_timeout ${LONG};
    send_timeout ${LONG};
    keepalive_timeout ${LONG};
    http2_recv_timeout ${LONG};
    http2_idle_timeout ${LONG};
    location / {
      grpc_pass grpc://grpc_upstream;
      grpc_connect_timeout 5s;
      grpc_read_timeout ${LONG};
      grpc_send_timeout ${LONG};
      grpc_socket_keepalive on;
    }
  }
}
`;
}

/**
 * Runs nginx in the foreground (`nginx -p <dir> -c nginx.conf -g 'daemon off;'`) with its config,
 * pid, logs and temp paths in a fresh temp dir, proxying gRPC from `socketPath` to `upstream`.
 * Resolves once the socket accepts connections.
 */
export async function startNginx(options: NginxOptions): Promise<ProxyPeer> {
  const nginx = requireBinary('nginx', 'nginx-light');
  const dir = mkdtempSync(join(tmpdir(), 'dm-nginx-'));
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, options));
  const errorLog = join(dir, 'error.log');
  return startProxyProcess({
    name: 'nginx',
    command: nginx,
    // -e keeps nginx from opening /var/log/nginx/error.log before it reads the config.
    args: ['-p', dir, '-e', errorLog, '-c', 'nginx.conf', '-g', 'daemon off;'],
    socketPath: options.socketPath,
    tempDir: dir,
    logFiles: [errorLog],
  });
}
