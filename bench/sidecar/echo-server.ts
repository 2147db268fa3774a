/**
 * The upstream of the sidecar and footprint scenarios: @grpc/grpc-js serving TestService, Unary
 * answering with the request's payload (optionally after a fixed delay, so calls stay in flight).
 * Unlike bench/servers/grpc-echo-server.ts it also listens on TCP, which nginx's and HAProxy's
 * upstream configs and our sidecar's registry need.
 *
 *   node --import tsx bench/sidecar/echo-server.ts --listen 127.0.0.1:0|unix:/abs.sock \
 *     [--delay-ms 0] [--max-streams N]
 *
 * Prints `ready <address>` (`127.0.0.1:PORT` or `unix:/abs.sock`) once bound; SIGTERM stops it.
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  type ChannelOptions,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type sendUnaryData,
} from '@grpc/grpc-js';
import { loadTestServiceDefinition } from '../harness/test-service.js';

interface EchoMessage {
  payload?: Uint8Array;
}

const { values } = parseArgs({
  options: {
    listen: { type: 'string', default: '127.0.0.1:0' },
    'delay-ms': { type: 'string', default: '0' },
    'max-streams': { type: 'string' },
  },
});
const listen = values.listen;
const delayMs = Number(values['delay-ms']);
const options: ChannelOptions =
  values['max-streams'] === undefined ? {} : { 'grpc.max_concurrent_streams': Number(values['max-streams']) };

let calls = 0;
function unary(call: ServerUnaryCall<EchoMessage, EchoMessage>, callback: sendUnaryData<EchoMessage>): void {
  calls++;
  const reply = { payload: call.request.payload };
  if (delayMs > 0) setTimeout(() => callback(null, reply), delayMs);
  else callback(null, reply);
}

const socketPath = listen.startsWith('unix:') ? listen.slice('unix:'.length) : undefined;
if (socketPath !== undefined) rmSync(socketPath, { force: true });
const server = new Server(options);
server.addService(loadTestServiceDefinition(), { Unary: unary });
server.bindAsync(listen, ServerCredentials.createInsecure(), (err, port) => {
  if (err) {
    process.stderr.write(`echo-server: cannot bind ${listen}: ${err.message}\n`);
    process.exit(1);
  }
  const address = socketPath === undefined ? `${listen.slice(0, listen.lastIndexOf(':'))}:${port}` : listen;
  process.stdout.write(`ready ${address}\n`);
});

function stop(): void {
  server.forceShutdown();
  if (socketPath !== undefined) rmSync(socketPath, { force: true });
  process.stderr.write(`echo-server: stopped after ${calls} calls\n`);
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
