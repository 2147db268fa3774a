import { type ClientHttp2Session, connect, type IncomingHttpHeaders } from 'node:http2';
import { connect as netConnect } from 'node:net';

/** A plain node:http2 h2c session to `127.0.0.1:PORT` or `unix:/abs/path`; independent of the peers. */
export function rawSession(address: string): ClientHttp2Session {
  if (address.startsWith('unix:')) {
    const socketPath = address.slice('unix:'.length);
    // Over a UDS the :authority must still be a logical host (TOOLCHAIN.md).
    return connect('http://peer.local', { createConnection: () => netConnect(socketPath) });
  }
  return connect(`http://${address}`);
}

export interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  trailers: IncomingHttpHeaders;
  /** Unframed messages; `flags` are the frames' flag bytes. */
  messages: Buffer[];
  flags: number[];
  body: Buffer;
}

export function frame(message: Uint8Array): Buffer {
  const out = Buffer.alloc(5 + message.length);
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

function unframe(body: Buffer): { messages: Buffer[]; flags: number[] } {
  const messages: Buffer[] = [];
  const flags: number[] = [];
  let at = 0;
  while (at + 5 <= body.length) {
    const length = body.readUInt32BE(at + 1);
    flags.push(body.readUInt8(at));
    messages.push(body.subarray(at + 5, at + 5 + length));
    at += 5 + length;
  }
  if (at !== body.length) throw new Error(`trailing ${body.length - at} bytes after frames`);
  return { messages, flags };
}

/** One POST with gRPC framing; `body` is sent as is when it is a Buffer of already-framed bytes. */
export function rawGrpcCall(
  session: ClientHttp2Session,
  path: string,
  message: Uint8Array | { framed: Buffer },
  headers: Record<string, string> = {},
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const stream = session.request({
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/grpc+proto',
      te: 'trailers',
      ...headers,
    });
    let responseHeaders: IncomingHttpHeaders = {};
    let trailers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    stream.on('response', (h) => {
      responseHeaders = h;
    });
    stream.on('trailers', (t) => {
      trailers = t;
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', reject);
    stream.on('close', () => {
      const body = Buffer.concat(chunks);
      try {
        resolve({
          status: Number(responseHeaders[':status']),
          headers: responseHeaders,
          trailers,
          body,
          ...unframe(body),
        });
      } catch (err) {
        reject(err);
      }
    });
    stream.end('framed' in message ? message.framed : frame(message));
  });
}
