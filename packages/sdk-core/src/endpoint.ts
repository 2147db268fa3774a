import { Code, RpcError } from '@dubbo-mesh/codec-triple';

/** Where one HTTP/2 connection goes. */
export type Endpoint =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly tls: boolean }
  | { readonly kind: 'unix'; readonly path: string; readonly tls: false };

/**
 * Parses `host:port`, `[::1]:port`, `http://host:port`, `https://host:port` and `unix:/abs/path`
 * (also `unix:///abs/path`, grpc-js's spelling). Throws InvalidArgument naming the input.
 */
export function parseEndpoint(text: string): Endpoint {
  if (text.startsWith('unix:')) {
    const path = text.slice(5).replace(/^\/\/(?=\/)/, '');
    if (!path.startsWith('/')) throw bad(text, 'a unix endpoint needs an absolute path (unix:/abs/path)');
    return { kind: 'unix', path, tls: false };
  }
  let rest = text;
  let tls = false;
  if (rest.startsWith('https://')) {
    tls = true;
    rest = rest.slice(8);
  } else if (rest.startsWith('http://')) {
    rest = rest.slice(7);
  }
  rest = rest.replace(/\/$/, '');
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:/[\]\s]+):(\d{1,5})$/.exec(rest);
  if (!match) throw bad(text, 'expected host:port, https://host:port or unix:/abs/path');
  const port = Number(match[2]);
  if (port < 1 || port > 65535) throw bad(text, 'port out of range');
  const host = match[1]!.startsWith('[') ? match[1]!.slice(1, -1) : match[1]!;
  return { kind: 'tcp', host, port, tls };
}

/** The `:authority` to send when none is configured: `host:port`, or `localhost` over a UDS. */
export function defaultAuthority(endpoint: Endpoint): string {
  if (endpoint.kind === 'unix') return 'localhost';
  return endpoint.host.includes(':')
    ? `[${endpoint.host}]:${endpoint.port}`
    : `${endpoint.host}:${endpoint.port}`;
}

export function formatEndpoint(endpoint: Endpoint): string {
  if (endpoint.kind === 'unix') return `unix:${endpoint.path}`;
  return `${endpoint.tls ? 'https://' : ''}${defaultAuthority(endpoint)}`;
}

function bad(text: string, why: string): RpcError {
  return new RpcError(Code.InvalidArgument, `invalid endpoint "${text}": ${why}`);
}
