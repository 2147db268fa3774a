import http2 from 'node:http2';

/** A provider that records the raw HTTP/2 request headers it receives and answers an empty message. */
export interface HeaderCaptureProvider {
  /** `127.0.0.1:PORT`. */
  readonly address: string;
  /** Request headers of every call, as node:http2 delivered them (pseudo-headers included). */
  readonly seen: http2.IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** An empty protobuf message in one gRPC frame: flag 0, length 0 (triple.md §3). */
const EMPTY_MESSAGE_FRAME = Buffer.alloc(5);

/**
 * A plain node:http2 server (not a gRPC library, which would hide headers it consumes such as
 * `grpc-timeout` and `content-type`), so a test sees exactly what reached the provider.
 */
export async function startHeaderCaptureProvider(): Promise<HeaderCaptureProvider> {
  const seen: http2.IncomingHttpHeaders[] = [];
  const server = http2.createServer();
  // node:http2 keeps no list of open sessions: close() destroys them so it does not wait for idle clients.
  const open = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    open.add(session);
    session.on('close', () => open.delete(session));
  });
  server.on('stream', (stream, headers) => {
    seen.push({ ...headers });
    stream.on('error', () => undefined);
    stream.resume();
    stream.on('end', () => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(EMPTY_MESSAGE_FRAME);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of open) session.destroy();
      }),
  };
}
