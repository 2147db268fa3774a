import http2, {
  type Http2Server,
  type Http2Session,
  type IncomingHttpHeaders,
  type ServerHttp2Stream,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { SocketInUseError } from './socket-file.js';

/** Stream and connection receive window, as sdk-core's channel uses: 64 KiB windows starve large messages. */
const WINDOW_BYTES = 4 * 1024 * 1024;

/**
 * The sidecar's HTTP/2 listeners (a UDS, optionally loopback TCP) and every session they accepted,
 * so a drain can send each one GOAWAY and wait for its streams (cli.md "sidecar": SIGTERM).
 */
export class InboundServer {
  private readonly servers: Http2Server[] = [];
  private readonly sessions = new Set<Http2Session>();

  constructor(private readonly onStream: (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => void) {}

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
          if (session.closed || session.destroyed) resolve();
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

  private createServer(): Http2Server {
    const server = http2.createServer({
      maxSessionMemory: 64,
      settings: { initialWindowSize: WINDOW_BYTES },
    });
    server.on('session', (session: Http2Session) => {
      this.sessions.add(session);
      // One listener per session (http2-notes.md): a caller dropping its socket must not crash us.
      session.on('error', () => undefined);
      session.once('close', () => this.sessions.delete(session));
      session.setLocalWindowSize(WINDOW_BYTES);
    });
    server.on('stream', (stream, headers) => {
      stream.on('error', ignoreError);
      this.onStream(stream, headers);
    });
    this.servers.push(server);
    return server;
  }
}

/** Every stream needs an 'error' listener (http2-notes.md); one shared function, not one per call. */
function ignoreError(): void {}

function listen(server: Http2Server, start: (done: () => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    start(() => {
      server.off('error', reject);
      resolve();
    });
  });
}
