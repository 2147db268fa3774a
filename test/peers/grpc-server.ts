import { isAbsolute } from 'node:path';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { releaseSocketPath } from './temp-socket.js';
import { loadTestServiceDefinition } from './test-service-definition.js';
import { createTestServiceHandlers, type TestServiceState } from './test-service-handlers.js';

export interface GrpcPeer {
  /** `127.0.0.1:PORT` or `unix:/abs/path`: usable as a grpc-js target as is. */
  readonly address: string;
  readonly port?: number;
  readonly socketPath?: string;
  readonly name: string;
  /** Calls started, all methods together. */
  calls: number;
  /**
   * EchoRequest.message of every call the server saw cancelled (the call's 'cancelled' event,
   * which grpc-js also emits when the deadline passes). For ClientStream and Bidi it is the first
   * message received, or '' if none had arrived.
   */
  cancelled: string[];
  /** String request metadata of the last call, keys as grpc-js received them (lower-case). */
  lastMetadata: Record<string, string>;
  close(): Promise<void>;
}

export interface GrpcServerOptions {
  /** Absolute socket path to listen on; default: TCP on 127.0.0.1, ephemeral port. */
  uds?: string;
  /** Echoed as EchoResponse.server; default 'grpc-peer'. */
  name?: string;
}

const GRACEFUL_SHUTDOWN_MS = 1_000;

function bind(server: Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve(port),
    );
  });
}

function shutdown(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, GRACEFUL_SHUTDOWN_MS);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}

/**
 * A real @grpc/grpc-js server for dubbomesh.test.TestService (proto/test.proto).
 *
 * - Unary: echoes `message` and `payload`, copies every string request-metadata entry into
 *   `metadata` (tri-service-version, tri-consumer-appname, attachments...), sets `server: name`.
 *   Sends header `x-echo-header: <message>` and trailers `x-echo-trailer: <message>` and
 *   `x-bin-bin` = [1,2,3]. `delayMs` > 0 waits first (a call cancelled meanwhile is recorded and not
 *   answered); `failCode` ≠ 0 fails with that code and `failMessage`, trailers included.
 * - ServerStream: `count` responses with index 0..count-1, `delayMs` between them, then fails with
 *   `failCode` if set; same header and trailers.
 * - ClientStream: message = all messages joined with ',', index = how many arrived.
 * - Bidi: echoes each message as it arrives (index = sequence), honouring delayMs and failCode per
 *   message; ends when the client ends.
 */
export async function startGrpcServer(options: GrpcServerOptions = {}): Promise<GrpcPeer> {
  const { uds } = options;
  if (uds !== undefined && !isAbsolute(uds)) throw new TypeError(`uds must be absolute, got ${uds}`);
  const state: TestServiceState = {
    name: options.name ?? 'grpc-peer',
    calls: 0,
    cancelled: [],
    lastMetadata: {},
  };
  const server = new Server();
  server.addService(loadTestServiceDefinition(), createTestServiceHandlers(state));
  const address = uds === undefined ? '127.0.0.1:0' : `unix:${uds}`;
  let port: number;
  try {
    port = await bind(server, address);
  } catch (err) {
    server.forceShutdown();
    throw new Error(`grpc peer could not bind ${address}`, { cause: err });
  }

  let closing: Promise<void> | undefined;
  // The handlers mutate `state`; the peer is that same object, so tests see live values.
  return Object.assign(state, {
    address: uds === undefined ? `127.0.0.1:${port}` : address,
    ...(uds === undefined ? { port } : { socketPath: uds }),
    close(): Promise<void> {
      closing ??= shutdown(server).then(() => {
        if (uds !== undefined) releaseSocketPath(uds);
      });
      return closing;
    },
  });
}
