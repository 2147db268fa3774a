import type net from 'node:net';
import type { IncomingHeaders } from '@dubbo-mesh/codec-triple';
import { nodeNet } from '../node-builtins.js';
import { DirectServerSession, type DirectServerSessionOptions } from './direct-server-session.js';
import type { DirectServerStream } from './direct-server-stream.js';

export type DirectServerOptions = DirectServerSessionOptions;

/** A net.Server running the direct engine's HTTP/2 server; see createDirectServer. */
export interface DirectServer extends net.Server {
  on(event: 'session', listener: (session: DirectServerSession) => void): this;
  on(event: 'stream', listener: (stream: DirectServerStream, headers: IncomingHeaders) => void): this;
  on(event: string, listener: (...args: never[]) => void): this;
}

/**
 * An HTTP/2 server of the direct engine over plain sockets (a UDS or TCP; no TLS, no HTTP/1.1
 * upgrade): a net.Server that runs a DirectServerSession on every connection and emits
 * 'session' (session) and 'stream' (stream, headers), as node:http2's server does. Listening,
 * closing and addresses are net.Server's. A factory rather than a subclass so that importing
 * sdk-core still loads no node:net (node-builtins.ts).
 */
export function createDirectServer(options: DirectServerOptions): DirectServer {
  const server = nodeNet().createServer((socket) => {
    // Frames are gathered into one write per turn already: Nagle would only delay them.
    socket.setNoDelay(true);
    const session = new DirectServerSession(socket, options);
    session.on('stream', (stream: DirectServerStream, headers: IncomingHeaders) =>
      server.emit('stream', stream, headers),
    );
    server.emit('session', session);
  });
  return server as DirectServer;
}
