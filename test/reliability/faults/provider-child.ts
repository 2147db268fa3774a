/**
 * Entry point of a provider process for the fault tests: a grpc-js TestService server (see
 * startGrpcServer) that prints one JSON line with its address, then one `calls=N` line whenever the
 * number of calls it has started changes, so the parent knows a call is in flight before it kills.
 */
import { startGrpcServer } from '../../peers/grpc-server.js';

const peer = await startGrpcServer({ name: process.argv[2] ?? 'child' });
process.stdout.write(`${JSON.stringify({ address: peer.address })}\n`);
let reported = 0;
setInterval(() => {
  if (peer.calls === reported) return;
  reported = peer.calls;
  process.stdout.write(`calls=${reported}\n`);
}, 10);
