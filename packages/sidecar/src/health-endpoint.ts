import { Code, encodeFrame, FrameDecoder } from '@dubbo-mesh/codec-triple';
import type { InboundStream, ServingStatus } from '@dubbo-mesh/sdk-core';
import { decodeHealthCheckRequest, encodeHealthCheckResponse } from './health-message.js';
import { InboundReply } from './inbound-reply.js';

/** The path the sidecar answers itself instead of forwarding (cli.md "Thin mode through other proxies"). */
export const HEALTH_CHECK_PATH = '/grpc.health.v1.Health/Check';
/** Any other method of the health service is answered UNIMPLEMENTED, never forwarded. */
export const HEALTH_SERVICE_PREFIX = '/grpc.health.v1.Health/';

/** A health request is a short string; anything larger is not one. */
const MAX_REQUEST_BYTES = 4096;

/**
 * Answers `grpc.health.v1.Health/Check` from the sidecar itself: the Thin client's probe asks about
 * the sidecar, not about a provider behind it (ARCHITECTURE.md "Fallback state machine").
 */
export function serveHealthCheck(
  stream: InboundStream,
  path: string,
  statusOf: (service: string) => Promise<ServingStatus>,
): void {
  const reply = new InboundReply(stream);
  stream.on('error', () => undefined);
  if (path !== HEALTH_CHECK_PATH) {
    stream.resume();
    reply.fail(Code.Unimplemented, `${path.slice(1)} is not served by the sidecar; only Health/Check is`);
    return;
  }
  const decoder = new FrameDecoder({ maxMessageBytes: MAX_REQUEST_BYTES });
  const messages: Buffer[] = [];
  let failed = false;
  stream.on('data', (chunk: Buffer) => {
    if (failed) return;
    try {
      for (const frame of decoder.push(chunk)) {
        if (frame.compressed) throw new Error('compressed health requests are not accepted');
        messages.push(frame.data);
      }
    } catch (err) {
      failed = true;
      reply.fail(Code.InvalidArgument, `bad health check request: ${(err as Error).message}`);
    }
  });
  stream.on('end', () => {
    if (failed) return;
    let service: string;
    try {
      decoder.finish();
      if (messages.length !== 1) throw new Error(`expected one message, got ${messages.length}`);
      service = decodeHealthCheckRequest(messages[0]!);
    } catch (err) {
      reply.fail(Code.InvalidArgument, `bad health check request: ${(err as Error).message}`);
      return;
    }
    statusOf(service).then(
      (status) => {
        reply.respond({ ':status': 200, 'content-type': 'application/grpc' }, false);
        reply.write(encodeFrame(encodeHealthCheckResponse(status)));
        reply.finish({ 'grpc-status': String(Code.Ok) });
      },
      (err: unknown) => reply.fail(Code.Unavailable, err instanceof Error ? err.message : String(err)),
    );
  });
}
