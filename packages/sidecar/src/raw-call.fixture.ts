import http2, { type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import { connect } from 'node:net';

export interface RawOutcome {
  headers: IncomingHttpHeaders;
  trailers: IncomingHttpHeaders;
  body: Buffer;
  rstCode: number | undefined;
}

/** An h2c session to a Unix socket, with a logical `:authority` (http2-notes.md). */
export function socketSession(socketPath: string): ClientHttp2Session {
  const session = http2.connect('http://sidecar', { createConnection: () => connect(socketPath) });
  session.on('error', () => undefined);
  return session;
}

/** One gRPC-shaped POST carrying `body` as is; resolves when the stream closes. */
export function rawCall(
  session: ClientHttp2Session,
  path: string,
  body: Buffer,
  headers: Record<string, string> = {},
): Promise<RawOutcome> {
  return openCall(session, path, headers).send(body);
}

/**
 * Opens a gRPC-shaped POST without sending its body yet: the stream exists on the server from now
 * on, and `send` ends it with `body` and resolves when it closes.
 */
export function openCall(
  session: ClientHttp2Session,
  path: string,
  headers: Record<string, string> = {},
): { send(body: Buffer): Promise<RawOutcome> } {
  const stream = session.request({
    ':method': 'POST',
    ':path': path,
    'content-type': 'application/grpc',
    te: 'trailers',
    ...headers,
  });
  const outcome: RawOutcome = { headers: {}, trailers: {}, body: Buffer.alloc(0), rstCode: undefined };
  const chunks: Buffer[] = [];
  stream.on('response', (h) => {
    outcome.headers = h;
  });
  stream.on('trailers', (t) => {
    outcome.trailers = t;
  });
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('error', () => undefined);
  const closed = new Promise<RawOutcome>((resolve) => {
    stream.on('close', () => {
      outcome.body = Buffer.concat(chunks);
      outcome.rstCode = stream.rstCode;
      resolve(outcome);
    });
  });
  return {
    send(body) {
      stream.end(body);
      return closed;
    },
  };
}

/** The grpc-status of an outcome, from trailers or a trailers-only response. */
export function statusOf(outcome: RawOutcome): string | undefined {
  const value = outcome.trailers['grpc-status'] ?? outcome.headers['grpc-status'];
  return typeof value === 'string' ? value : undefined;
}
