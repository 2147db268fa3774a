import { mkdtempSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MethodDescriptor, ServiceDescriptor } from '@dubbo-mesh/sdk-core';

/** What the fake sidecar does with a call to TestEcho/Call. */
export type EchoBehaviour =
  | 'echo'
  /** Answers with grpc-status 14 in a trailers-only response: the sidecar is working. */
  | 'status-unavailable'
  /** RST_STREAM INTERNAL_ERROR after reading the request, no status. */
  | 'reset'
  /** Destroys the whole connection after reading the request (a sidecar that died mid-call). */
  | 'destroy-connection'
  /** Reads the request and never answers. */
  | 'hang';

/** How the fake sidecar answers `grpc.health.v1.Health/Check`. */
export type HealthBehaviour = 'serving' | 'not-serving' | 'unimplemented' | 'hang';

/**
 * An in-process node:http2 server on a temporary Unix socket, playing the sidecar for unit tests of
 * the Thin client: it records request headers and misbehaves on demand.
 */
export interface FakeSidecar {
  readonly socketPath: string;
  readonly endpoint: string;
  readonly requests: http2.IncomingHttpHeaders[];
  echo: EchoBehaviour;
  health: HealthBehaviour;
  close(): Promise<void>;
}

function frame(payload: Uint8Array): Buffer {
  const out = Buffer.alloc(5 + payload.length);
  out.writeUInt32BE(payload.length, 1);
  out.set(payload, 5);
  return out;
}

export async function startFakeSidecar(): Promise<FakeSidecar> {
  const dir = mkdtempSync(join(tmpdir(), 'dm-thin-'));
  const socketPath = join(dir, 'sidecar.sock');
  const sessions = new Set<http2.ServerHttp2Session>();
  const sockets = new Set<Socket>();
  const server = http2.createServer();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const sidecar: FakeSidecar = {
    socketPath,
    endpoint: `unix:${socketPath}`,
    requests: [],
    echo: 'echo',
    health: 'serving',
    async close() {
      for (const session of sessions) session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined);
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => undefined);
    sidecar.requests.push(headers);
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const body = Buffer.concat(chunks);
      if (headers[':path'] === '/grpc.health.v1.Health/Check') answerHealth(stream, sidecar.health);
      else if (sidecar.echo === 'destroy-connection') {
        // Like a killed process: the socket goes, with no GOAWAY and no status.
        for (const socket of sockets) socket.destroy();
      } else answerEcho(stream, sidecar.echo, body.subarray(5));
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return sidecar;
}

function answerHealth(stream: http2.ServerHttp2Stream, behaviour: HealthBehaviour): void {
  if (behaviour === 'hang') return;
  if (behaviour === 'unimplemented') {
    stream.respond(
      {
        ':status': 200,
        'content-type': 'application/grpc',
        'grpc-status': '12',
        'grpc-message': 'no health',
      },
      { endStream: true },
    );
    return;
  }
  // HealthCheckResponse { status = 1 (SERVING) or 2 (NOT_SERVING) }: field 1, varint.
  const status = behaviour === 'serving' ? 1 : 2;
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
  stream.end(frame(Uint8Array.of(0x08, status)));
}

function answerEcho(stream: http2.ServerHttp2Stream, behaviour: EchoBehaviour, message: Buffer): void {
  switch (behaviour) {
    case 'echo':
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(frame(message));
      return;
    case 'status-unavailable':
      stream.respond(
        {
          ':status': 200,
          'content-type': 'application/grpc',
          'grpc-status': '14',
          'grpc-message': 'no provider',
        },
        { endStream: true },
      );
      return;
    case 'reset':
      stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      return;
    case 'destroy-connection':
    case 'hang':
      return;
  }
}

/** A unary method whose messages are the bytes of a string. */
const call: MethodDescriptor<string, string, 'unary'> = {
  name: 'Call',
  kind: 'unary',
  idempotent: false,
  positional: false,
  encode: (text) => Buffer.from(text),
  decode: (bytes) => Buffer.from(bytes).toString(),
};

/** `test.TestEcho` version 1.0.0, group g: one unary method, `call`. */
export const TestEcho: ServiceDescriptor<{ call: typeof call }> = {
  kind: 'idl',
  serviceName: 'test.TestEcho',
  version: '1.0.0',
  group: 'g',
  methods: { call },
};
