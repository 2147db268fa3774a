/**
 * TLS and mTLS to a real @grpc/grpc-js server, with certificates made by openssl at test time.
 * A failed handshake is UNAVAILABLE and marked as never sent (nothing reached the provider).
 */

import {
  Code,
  createClient,
  createHttp2Transport,
  loadProtoService,
  RpcError,
  wasNotSent,
} from '@dubbo-mesh/sdk-core';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadTestServiceDefinition,
  TEST_PROTO_PATH,
  TEST_SERVICE_NAME,
} from '../peers/test-service-definition.js';
import { createTestServiceHandlers, type TestServiceState } from '../peers/test-service-handlers.js';
import { makeTestPki, type TestPki } from '../support/test-certificates.js';

const TestService = loadProtoService(TEST_PROTO_PATH, TEST_SERVICE_NAME);

describe('TLS to a grpc-js server that requires a client certificate', () => {
  let pki: TestPki;
  let server: Server;
  let port: number;
  const state: TestServiceState = { name: 'tls', calls: 0, cancelled: [], lastMetadata: {} };

  beforeAll(async () => {
    pki = makeTestPki();
    server = new Server();
    server.addService(loadTestServiceDefinition(), createTestServiceHandlers(state));
    const credentials = ServerCredentials.createSsl(
      pki.ca,
      [{ cert_chain: pki.serverCert, private_key: pki.serverKey }],
      true,
    );
    port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', credentials, (err, p) => (err ? reject(err) : resolve(p))),
    );
  });
  afterAll(() => server?.forceShutdown());

  async function call(tls: { ca?: Buffer; cert?: Buffer; key?: Buffer }, host = 'localhost') {
    const transport = createHttp2Transport(`https://${host}:${port}`, { tls });
    try {
      return await createClient(TestService, transport).unary({ message: 'secure' });
    } finally {
      await transport.close();
    }
  }

  it('calls over mTLS with the client certificate', async () => {
    await expect(call({ ca: pki.ca, cert: pki.clientCert, key: pki.clientKey })).resolves.toMatchObject({
      message: 'secure',
      server: 'tls',
    });
  });

  it('verifies the server certificate for an IP address too', async () => {
    await expect(
      call({ ca: pki.ca, cert: pki.clientCert, key: pki.clientKey }, '127.0.0.1'),
    ).resolves.toMatchObject({
      message: 'secure',
    });
  });

  it('fails UNAVAILABLE, marked not sent, when the server certificate is from an untrusted CA', async () => {
    const calls = state.calls;
    const err = await call({ ca: pki.otherCa, cert: pki.clientCert, key: pki.clientKey }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).code).toBe(Code.Unavailable);
    expect(wasNotSent(err)).toBe(true);
    expect(state.calls).toBe(calls);
  });

  it('fails UNAVAILABLE without a client certificate; the provider runs nothing', async () => {
    // With TLS 1.3 the client's handshake completes before the server checks the client's
    // certificate, so the request may have left this process: it is not marked as never sent.
    const calls = state.calls;
    const err = await call({ ca: pki.ca }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).code).toBe(Code.Unavailable);
    expect(state.calls).toBe(calls);
  });
});
