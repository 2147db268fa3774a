import net from 'node:net';

/** Where the echo server listens: a Unix socket (the setting) or loopback TCP (the channel scenario). */
export type Endpoint =
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number };

/** `unix:/abs/path` or `host:port` (a bare `/abs/path` counts as a Unix socket, as `--socket` passes it). */
export function parseEndpoint(text: string): Endpoint {
  if (text.startsWith('unix:')) return { kind: 'unix', path: text.slice('unix:'.length) };
  if (text.startsWith('/')) return { kind: 'unix', path: text };
  const colon = text.lastIndexOf(':');
  const port = Number(text.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port <= 0) {
    throw new TypeError(`endpoint must be unix:/abs/path or host:port, got "${text}"`);
  }
  return { kind: 'tcp', host: text.slice(0, colon), port };
}

/** The endpoint as @grpc/grpc-js and sdk-core spell a target. */
export function targetOf(endpoint: Endpoint): string {
  return endpoint.kind === 'unix' ? `unix:${endpoint.path}` : `${endpoint.host}:${endpoint.port}`;
}

/** A fresh socket to the endpoint, for `http2.connect`'s `createConnection`. */
export function connectSocket(endpoint: Endpoint): net.Socket {
  return endpoint.kind === 'unix' ? net.connect(endpoint.path) : net.connect(endpoint.port, endpoint.host);
}
