import http2, { type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo, Server } from 'node:net';
import type { IncomingHeaders } from '@dubbo-mesh/codec-triple';
import {
  createDirectServer,
  type DirectServerSession,
  defaultHttp2Engine,
  type Http2Engine,
  type InboundStream,
} from '@dubbo-mesh/sdk-core';
import { SocketInUseError } from './socket-file.js';

/** Stream and connection receive window, as sdk-core's channel uses: 64 KiB windows starve large messages. */
const WINDOW_BYTES = 4 * 1024 * 1024;
/** SETTINGS_MAX_HEADER_LIST_SIZE of the direct engine: Node's server default, so both refuse alike. */
const MAX_HEADER_LIST_BYTES = 65_535;
/**
 * SETTINGS_MAX_CONCURRENT_STREAMS of the direct engine. Node's server sets none (2^32-1) and bounds
 * a session by memory instead (maxSessionMemory); ours bounds the per-connection stream table, far
 * above what one Thin client runs at once: sdk-core's channel opens another connection when a
 * server's limit is reached, so a caller beyond it waits or spreads instead of failing.
 */
const MAX_CONCURRENT_STREAMS = 10_000;

/** What the sidecar does with an accepted connection, on either engine: count it, drain it. */
interface InboundSession {
  readonly destroyed: boolean;
  /** Graceful close: GOAWAY, the open streams finish, then the connection closes ('close'). */
  close(): void;
  destroy(): void;
  once(event: 'close', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
}

/**
 * The sidecar's HTTP/2 listeners (a UDS, optionally loopback TCP) and every session they accepted,
 * so a drain can send each one GOAWAY and wait for its streams (cli.md "sidecar": SIGTERM). The
 * engine is sdk-core's own server framing (`direct`, h2/direct-server.ts) or node:http2 (`node`);
 * the sidecar sees the same InboundStream from both.
 */
export class InboundServer {
  private readonly servers: Server[] = [];
  private readonly sessions = new Set<InboundSession>();

  constructor(
    private readonly onStream: (stream: InboundStream, headers: IncomingHttpHeaders) => void,
    /** Default: `DUBBO_MESH_HTTP2_ENGINE` when set, else `direct`. */
    readonly engine: Http2Engine = defaultHttp2Engine(),
  ) {}

  /** Sessions open now. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  async listenUnix(socketPath: string): Promise<void> {
    const server = this.createServer();
    try {
      await listen(server, (done) => server.listen(socketPath, done));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new SocketInUseError(socketPath, `${socketPath} was taken by another process while starting`);
      }
      throw err;
    }
  }

  /** Listens on `host:port` too; returns the address bound (port 0 picks one). */
  async listenTcp(host: string, port: number): Promise<string> {
    const server = this.createServer();
    await listen(server, (done) => server.listen(port, host, done));
    const address = server.address() as AddressInfo;
    return address.family === 'IPv6'
      ? `[${address.address}]:${address.port}`
      : `${address.address}:${address.port}`;
  }

  /**
   * Stops accepting connections, sends GOAWAY on every session (its last stream id tells the
   * client which streams will still be answered, http2-notes.md) and waits for their streams to
   * finish, at most `timeoutMs`; sessions still open then are destroyed. Resolves true when every
   * call finished by itself.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    for (const server of this.servers) server.close();
    const closed = [...this.sessions].map(
      (session) =>
        new Promise<void>((resolve) => {
          // A session closing already still emits 'close' when it is done.
          if (session.destroyed) resolve();
          else session.once('close', () => resolve());
          session.close();
        }),
    );
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.all(closed).then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (!finished) this.destroyAll();
    return finished;
  }

  /** Closes at once: every session and its streams are destroyed. */
  close(): void {
    for (const server of this.servers) server.close();
    this.destroyAll();
  }

  private destroyAll(): void {
    for (const session of this.sessions) session.destroy();
    this.sessions.clear();
  }

  private createServer(): Server {
    const server = this.engine === 'direct' ? this.createDirectServer() : this.createNodeServer();
    this.servers.push(server);
    return server;
  }

  private createDirectServer(): Server {
    const server = createDirectServer({
      initialWindowSize: WINDOW_BYTES,
      maxHeaderListBytes: MAX_HEADER_LIST_BYTES,
      maxConcurrentStreams: MAX_CONCURRENT_STREAMS,
    });
    server.on('session', (session: DirectServerSession) => this.track(session));
    server.on('stream', (stream: InboundStream, headers: IncomingHeaders) => {
      stream.on('error', ignoreError);
      // Decoded request fields: text values, repeated names combined as in Node's headers object
      // (Node's typings name a few fields more narrowly).
      this.onStream(stream, headers as IncomingHttpHeaders);
    });
    return server;
  }

  private createNodeServer(): Server {
    const server = http2.createServer({
      maxSessionMemory: 64,
      settings: { initialWindowSize: WINDOW_BYTES },
    });
    server.on('session', (session) => {
      this.track(session);
      session.setLocalWindowSize(WINDOW_BYTES);
    });
    server.on('stream', (stream, headers) => {
      stream.on('error', ignoreError);
      this.onStream(asInboundStream(stream), headers);
    });
    return server;
  }

  private track(session: InboundSession): void {
    this.sessions.add(session);
    // One listener per session (http2-notes.md): a caller dropping its socket must not crash us.
    session.on('error', ignoreError);
    session.once('close', () => this.sessions.delete(session));
  }
}

/**
 * node:http2's server stream has the InboundStream surface: this assignment is where the compiler
 * checks it, once (http2-channel.ts does the same for the client session).
 */
function asInboundStream(stream: ServerHttp2Stream): InboundStream {
  return stream;
}

/** Every stream needs an 'error' listener (http2-notes.md); one shared function, not one per call. */
function ignoreError(): void {}

function listen(server: Server, start: (done: () => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    start(() => {
      server.off('error', reject);
      resolve();
    });
  });
}
