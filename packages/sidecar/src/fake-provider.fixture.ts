import http2, { type Http2Server, type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';

/** What a fake provider does with its n-th stream (0-based). */
export type StreamBehaviour = (
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  index: number,
) => void;

export interface FakeProvider {
  readonly address: string;
  /** Streams received, in order, with their request bodies once complete. */
  readonly streams: { headers: IncomingHttpHeaders; body: Buffer }[];
  close(): Promise<void>;
}

/** Echoes the request body back with grpc-status 0: what a working provider does. */
export const echo: StreamBehaviour = (stream) => {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    stream.end(Buffer.concat(chunks));
  });
};

/** A node:http2 provider on loopback whose streams behave as `behaviour` says. */
export async function startFakeProvider(behaviour: StreamBehaviour): Promise<FakeProvider> {
  const server: Http2Server = http2.createServer();
  const streams: FakeProvider['streams'] = [];
  server.on('session', (session) => session.on('error', () => undefined));
  server.on('stream', (stream, headers) => {
    stream.on('error', () => undefined);
    const record = { headers, body: Buffer.alloc(0) };
    streams.push(record);
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      record.body = Buffer.concat(chunks);
    });
    behaviour(stream, headers, streams.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    streams,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
