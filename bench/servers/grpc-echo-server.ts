/**
 * The one server every client of a benchmark run talks to: @grpc/grpc-js serving TestService on a
 * Unix socket, Unary answering with the request's payload and nothing else (no metadata, no extra
 * trailers), so the server's cost per call is the same whichever client calls. ServerStream answers
 * `count` messages, each carrying the request's payload (the streaming scenario).
 *
 * Run as a child process: `node --import tsx bench/servers/grpc-echo-server.ts /abs/path.sock [--tcp]`.
 * With `--tcp` it also listens on an ephemeral loopback port (h2c) and prints `port <n>` first
 * (the channel scenario compares HTTP/2 clients over TCP). Prints `ready` on stdout once bound;
 * SIGTERM or SIGINT stops it.
 */
import { rmSync } from 'node:fs';
import {
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
} from '@grpc/grpc-js';
import { loadTestServiceDefinition } from '../harness/test-service.js';

interface EchoMessage {
  payload?: Uint8Array;
  count?: number;
}

const socketPath = process.argv[2];
const withTcp = process.argv.includes('--tcp');
if (socketPath === undefined || !socketPath.startsWith('/')) {
  process.stderr.write('usage: grpc-echo-server.ts /abs/path.sock [--tcp]\n');
  process.exit(2);
}

let calls = 0;
function unary(call: ServerUnaryCall<EchoMessage, EchoMessage>, callback: sendUnaryData<EchoMessage>): void {
  calls++;
  callback(null, { payload: call.request.payload });
}

/** Writes `count` messages, pausing on back-pressure so a slow client does not grow our buffers. */
function serverStream(call: ServerWritableStream<EchoMessage, EchoMessage>): void {
  calls++;
  const response: EchoMessage = { payload: call.request.payload };
  let left = call.request.count ?? 0;
  const pump = (): void => {
    while (left > 0) {
      left--;
      if (!call.write(response)) {
        call.once('drain', pump);
        return;
      }
    }
    call.end();
  };
  pump();
}

function bind(server: Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (err, port) => {
      if (err) reject(new Error(`cannot bind ${address}: ${err.message}`));
      else resolve(port);
    });
  });
}

rmSync(socketPath, { force: true });
const server = new Server();
server.addService(loadTestServiceDefinition(), { Unary: unary, ServerStream: serverStream });
bind(server, `unix:${socketPath}`)
  .then(async () => {
    if (withTcp) process.stdout.write(`port ${await bind(server, '127.0.0.1:0')}\n`);
    process.stdout.write('ready\n');
  })
  .catch((err: unknown) => {
    process.stderr.write(`grpc-echo-server: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });

function stop(): void {
  server.forceShutdown();
  rmSync(socketPath, { force: true });
  process.stderr.write(`grpc-echo-server: stopped after ${calls} calls\n`);
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
