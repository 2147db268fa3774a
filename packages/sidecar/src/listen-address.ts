import { isAbsolute } from 'node:path';
import { parseEndpoint } from '@dubbo-mesh/sdk-core';

/** The socket path of `--listen`: `unix:/abs/path` or `/abs/path`. Throws naming what is wrong. */
export function socketPathOf(listen: string): string {
  const path = listen.startsWith('unix:') ? listen.slice(5).replace(/^\/\/(?=\/)/, '') : listen;
  if (!isAbsolute(path)) throw new Error(`"${listen}" is not unix:/absolute/path`);
  return path;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * A loopback `host:port` (`--listen-tcp`, `--metrics`): the sidecar serves the local application
 * only, so it never listens on an address another machine can reach. Port 0 picks a free port.
 */
export function loopbackAddressOf(text: string): { host: string; port: number } {
  const zeroPort = /^(.*):0$/.exec(text);
  let host: string;
  let port: number;
  if (zeroPort) {
    host = zeroPort[1]!.replace(/^\[(.*)\]$/, '$1');
    port = 0;
  } else {
    let endpoint: ReturnType<typeof parseEndpoint>;
    try {
      endpoint = parseEndpoint(text);
    } catch {
      throw new Error(`"${text}" is not host:port`);
    }
    if (endpoint.kind !== 'tcp' || endpoint.tls || text.includes('://'))
      throw new Error(`"${text}" is not host:port`);
    host = endpoint.host;
    port = endpoint.port;
  }
  if (!isLoopback(host)) throw new Error(`"${text}" is not a loopback address (127.0.0.1, ::1 or localhost)`);
  return { host, port };
}
