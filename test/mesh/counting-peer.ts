import { Server, ServerCredentials, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { type EchoResponse, toEchoRequest } from '../peers/echo-messages.js';
import { loadTestServiceDefinition } from '../peers/test-service-definition.js';

/**
 * A grpc-js provider of TestService whose Unary handler records the `message` of every request it
 * executes: with a unique id per call, `executed` is the execution counter the chaos tests read to
 * show that no call ran twice. It waits `delayMs` after recording, so a call in flight has executed.
 */
export interface CountingPeer {
  readonly name: string;
  /** `127.0.0.1:PORT`. */
  readonly address: string;
  /** EchoRequest.message of every Unary call executed, in order. */
  readonly executed: string[];
  close(): Promise<void>;
}

export async function startCountingPeer(name: string): Promise<CountingPeer> {
  const executed: string[] = [];
  const server = new Server();
  server.addService(loadTestServiceDefinition(), {
    Unary(call: ServerUnaryCall<unknown, EchoResponse>, callback: sendUnaryData<EchoResponse>) {
      const request = toEchoRequest(call.request);
      executed.push(request.message);
      const reply = (): void =>
        callback(null, {
          message: request.message,
          metadata: {},
          payload: Buffer.alloc(0),
          index: 0,
          server: name,
        });
      if (request.delayMs > 0) setTimeout(reply, request.delayMs);
      else reply();
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    name,
    address: `127.0.0.1:${port}`,
    executed,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1000).unref();
      }),
  };
}

/** How often each id was executed across providers: the ids executed more than once. */
export function executedTwice(peers: readonly CountingPeer[]): string[] {
  const seen = new Map<string, number>();
  for (const peer of peers) for (const id of peer.executed) seen.set(id, (seen.get(id) ?? 0) + 1);
  return [...seen].filter(([, count]) => count > 1).map(([id]) => id);
}
