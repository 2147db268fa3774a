/**
 * The one server every client of a benchmark run talks to: @grpc/grpc-js serving TestService on a
 * Unix socket, Unary answering with the request's payload and nothing else (no metadata, no extra
 * trailers), so the server's cost per call is the same whichever client calls.
 *
 * Run as a child process: `node --import tsx bench/servers/grpc-echo-server.ts /abs/path.sock`.
 * Prints `ready` on stdout once bound; SIGTERM or SIGINT stops it.
 */
import { rmSync } from 'node:fs';
import { Server, ServerCredentials, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { loadTestServiceDefinition } from '../harness/test-service.js';

interface EchoMessage {
  payload?: Uint8Array;
}

const socketPath = process.argv[2];
if (socketPath === undefined || !socketPath.startsWith('/')) {
  process.stderr.write('usage: grpc-echo-server.ts /abs/path.sock\n');
  process.exit(2);
}

let calls = 0;
function unary(call: ServerUnaryCall<EchoMessage, EchoMessage>, callback: sendUnaryData<EchoMessage>): void {
  calls++;
  callback(null, { payload: call.request.payload });
}

rmSync(socketPath, { force: true });
const server = new Server();
server.addService(loadTestServiceDefinition(), { Unary: unary });
server.bindAsync(`unix:${socketPath}`, ServerCredentials.createInsecure(), (err) => {
  if (err) {
    process.stderr.write(`grpc-echo-server: cannot bind ${socketPath}: ${err.message}\n`);
    process.exit(1);
  }
  process.stdout.write('ready\n');
});

function stop(): void {
  server.forceShutdown();
  rmSync(socketPath, { force: true });
  process.stderr.write(`grpc-echo-server: stopped after ${calls} calls\n`);
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
