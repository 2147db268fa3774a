/*
 * A real @apachedubbo/dubbo-node 3.0.0-alpha Triple server: a third-party implementation.
 *
 * What it requires, observed with a raw node:http2 client sending gRPC framing and
 * `content-type: application/grpc+proto` (asserted in test/peers-selftest/dubbo-node-server.test.ts):
 * - Routing key = `:path` (query string stripped) + `tri-service-version` + `tri-service-group`,
 *   concatenated with no separator (dubbo-node-adapter.js); an absent header counts as ''. A service
 *   registered with a version AND a group is reached only when the request carries BOTH exact values.
 *   Only one of them, a wrong one, or none at all (when nothing is registered without them) gets a
 *   plain HTTP `:status 404`: no content-type, empty body, no trailers, NO grpc-status. A client must
 *   map that 404 to UNIMPLEMENTED itself (triple.md §5). No fallback to a default version or group.
 * - The concatenation is ambiguous: version `1.0.0a` with no group reaches version `1.0.0` group `a`.
 * - The method name is case-sensitive: `/org.apache.dubbo.demo.Greeter/Greet` is a 404 too.
 * - On a matched route, `application/grpc` and `application/grpc+proto` both work; the response
 *   content-type is always `application/grpc+proto` (not echoed), then DATA, then trailers holding
 *   only `grpc-status: 0` (no grpc-message). A content-type it does not know (`text/plain`) gets a
 *   plain `:status 415` with an empty body. The same route also serves gRPC-web and the Triple HTTP
 *   dialect (triple.md §7).
 * - `te: trailers` and `user-agent` are not required.
 */
import { createServer, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { DubboRouter } from '@apachedubbo/dubbo';
import { dubboNodeAdapter } from '@apachedubbo/dubbo-node';
import { Greeter } from './greeter-schema.js';

export { GREETER_PROTO, Greeter, GreetRequest, GreetResponse } from './greeter-schema.js';

export interface DubboNodePeer {
  readonly address: `127.0.0.1:${number}`;
  readonly port: number;
  close(): Promise<void>;
}

/** The two registrations of org.apache.dubbo.demo.Greeter the server holds. */
export const GREETER_REGISTRATIONS = [
  { serviceVersion: '1.0.0', serviceGroup: 'a', prefix: 'v1-a' },
  { serviceVersion: '2.0.0', serviceGroup: 'b', prefix: 'v2-b' },
] as const;

/**
 * @apachedubbo/dubbo has no `"type": "module"`, so its .d.ts files are typed as CommonJS and see
 * @bufbuild/protobuf's cjs declarations, while this ESM file sees the esm ones: the same shapes,
 * but nominally distinct to tsc. At run time both sides use the one ESM copy, so the cast is sound.
 */
type DubboServiceType = Parameters<DubboRouter['service']>[0];

function routes(router: DubboRouter): void {
  for (const { serviceVersion, serviceGroup, prefix } of GREETER_REGISTRATIONS) {
    router.service(
      Greeter as unknown as DubboServiceType,
      // With the cast the request is typed AnyMessage; GreetRequest.name is a string at run time.
      { greet: (req: Record<string, unknown>) => ({ greeting: `${prefix}: hello ${String(req.name)}` }) },
      { serviceVersion, serviceGroup },
    );
  }
}

function closeServer(server: Http2Server, sessions: Set<{ destroy(): void }>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const session of sessions) session.destroy();
  });
}

/**
 * Serves org.apache.dubbo.demo.Greeter/greet over h2c (HTTP/2 prior knowledge) on 127.0.0.1:
 * version 1.0.0 group `a` answers `v1-a: hello <name>`, version 2.0.0 group `b` answers
 * `v2-b: hello <name>`.
 */
export async function startDubboNodeServer(): Promise<DubboNodePeer> {
  const server = createServer(dubboNodeAdapter({ routes }));
  const sessions = new Set<{ destroy(): void }>();
  server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    address: `127.0.0.1:${port}`,
    port,
    close() {
      closing ??= closeServer(server, sessions);
      return closing;
    },
  };
}
