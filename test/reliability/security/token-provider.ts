import { Server, ServerCredentials, type ServerUnaryCall, type sendUnaryData, status } from '@grpc/grpc-js';
import { type EchoResponse, toEchoRequest } from '../../peers/echo-messages.js';
import { loadTestServiceDefinition } from '../../peers/test-service-definition.js';

/** A TestService provider that, like Dubbo's provider-side TokenFilter, requires a `token` attachment. */
export interface TokenProvider {
  /** `127.0.0.1:PORT`. */
  readonly address: string;
  /** Calls it rejected for a missing or wrong token. */
  readonly rejected: number;
  /** Calls it executed. */
  readonly executed: number;
  close(): Promise<void>;
}

/**
 * Starts a grpc-js provider whose Unary answers only calls carrying `token: <token>`; others fail
 * PERMISSION_DENIED (Java's TokenFilter throws an RpcException "Invalid token!"). With
 * `quoteToken`, the message quotes the token it got, as Java's TokenFilter does
 * ("consumer incorrect token is ...").
 */
export async function startTokenProvider(
  token: string,
  options: { quoteToken?: boolean } = {},
): Promise<TokenProvider> {
  const counts = { rejected: 0, executed: 0 };
  const server = new Server();
  server.addService(loadTestServiceDefinition(), {
    Unary(call: ServerUnaryCall<unknown, EchoResponse>, callback: sendUnaryData<EchoResponse>) {
      const sent = call.metadata.get('token')[0];
      if (sent !== token) {
        counts.rejected++;
        const details = options.quoteToken
          ? `Invalid token! Forbid invoke remote service, consumer incorrect token is ${String(sent)}`
          : 'Invalid token! Forbid invoke remote service';
        callback({ code: status.PERMISSION_DENIED, details });
        return;
      }
      counts.executed++;
      const request = toEchoRequest(call.request);
      callback(null, {
        message: request.message,
        metadata: {},
        payload: Buffer.alloc(0),
        index: 0,
        server: 'guarded',
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    get rejected() {
      return counts.rejected;
    },
    get executed() {
      return counts.executed;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1_000).unref();
      }),
  };
}
