import { Code, encodeFrame, RpcError } from '@dubbo-mesh/codec-triple';
import { describe, expect, it } from 'vitest';
import { checkHealth, HealthService } from './health-service.js';
import type { StreamResponse, Transport, UnaryRequest, UnaryResponse } from './transport.js';

/** A transport that frames the request like the HTTP/2 one and answers with `reply` bytes, or fails. */
function fakeTransport(
  reply: Uint8Array | RpcError,
): Transport & { sent: Buffer[]; paths: string[]; timeouts: unknown[] } {
  const sent: Buffer[] = [];
  const paths: string[] = [];
  const timeouts: unknown[] = [];
  return {
    sent,
    paths,
    timeouts,
    async unary(request: UnaryRequest): Promise<UnaryResponse> {
      const { method, headerTemplate } = request.target;
      sent.push(encodeFrame(method.encode(request.message as never)));
      paths.push(headerTemplate[':path'] ?? '');
      timeouts.push(request.timeoutMs);
      if (reply instanceof RpcError) throw reply;
      return { stream: false, message: method.decode(reply, 0), header: {}, trailer: {} };
    },
    stream(): Promise<StreamResponse> {
      throw new Error('not used');
    },
    close: async () => undefined,
  };
}

describe('HealthService (triple.md §8, §10 #12)', () => {
  it('frames Check for service "" as 00 00 00 00 00 and reads 08 01 as SERVING', async () => {
    const transport = fakeTransport(Uint8Array.of(0x08, 0x01));
    await expect(checkHealth(transport)).resolves.toBe('SERVING');
    expect(transport.sent[0]).toEqual(Buffer.from([0, 0, 0, 0, 0]));
    expect(transport.paths[0]).toBe('/grpc.health.v1.Health/Check');
  });

  it('matches the whole vector: the SERVING reply frame is 00 00 00 00 02 08 01', () => {
    expect(HealthService.methods.check.encode({ service: '' })).toHaveLength(0);
    const serving = encodeFrame(Uint8Array.of(0x08, 0x01));
    expect(serving).toEqual(Buffer.from([0, 0, 0, 0, 2, 8, 1]));
    expect(HealthService.methods.check.decode(serving.subarray(5), 0)).toEqual({ status: 'SERVING' });
  });

  it('sends the service name and reads every status', async () => {
    const transport = fakeTransport(Uint8Array.of(0x08, 0x02));
    await expect(checkHealth(transport, 'org.demo.Greeter', { timeoutMs: 250 })).resolves.toBe('NOT_SERVING');
    // field 1, length 16, "org.demo.Greeter"
    expect(transport.sent[0]).toEqual(
      Buffer.concat([Buffer.from([0, 0, 0, 0, 18, 0x0a, 16]), Buffer.from('org.demo.Greeter')]),
    );
    expect(transport.timeouts[0]).toBe(250);
    await expect(checkHealth(fakeTransport(Uint8Array.of()))).resolves.toBe('UNKNOWN');
    await expect(checkHealth(fakeTransport(Uint8Array.of(0x08, 0x03)))).resolves.toBe('SERVICE_UNKNOWN');
  });

  it('reports a status number it does not know as UNKNOWN', async () => {
    await expect(checkHealth(fakeTransport(Uint8Array.of(0x08, 0x07)))).resolves.toBe('UNKNOWN');
  });

  it('passes RPC errors through (NOT_FOUND for an unknown service)', async () => {
    const transport = fakeTransport(new RpcError(Code.NotFound, 'unknown service nope'));
    await expect(checkHealth(transport, 'nope')).rejects.toMatchObject({ code: Code.NotFound });
  });

  it('describes Watch as server streaming', () => {
    expect(HealthService.serviceName).toBe('grpc.health.v1.Health');
    expect(HealthService.methods.watch).toMatchObject({ name: 'Watch', kind: 'server_streaming' });
  });
});
