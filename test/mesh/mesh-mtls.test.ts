/**
 * Security does not degrade on fallback (ARCHITECTURE.md): with the mesh's certificates the Fat path
 * calls providers over mTLS; when the mesh requires mTLS and no certificate is configured, the client
 * refuses to fall back and says why, rather than call providers in plaintext.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Code, loadProtoService, RpcError } from '@dubbo-mesh/sdk-core';
import { createMeshClient, type MeshClient } from '@dubbo-mesh/sdk-fat';
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
type Echo = { unary(request: object, options?: object): Promise<{ message: string; server: string }> };

describe('mesh client fallback over mTLS', () => {
  let dir: string;
  let pki: TestPki;
  let server: Server;
  let registry: string;
  const state: TestServiceState = { name: 'mtls-provider', calls: 0, cancelled: [], lastMetadata: {} };
  /** No sidecar listens here: every call falls back at once. */
  const missingSidecar = (): string => `unix:${join(dir, 'no-sidecar.sock')}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dm-mesh-mtls-'));
    pki = makeTestPki();
    server = new Server();
    server.addService(loadTestServiceDefinition(), createTestServiceHandlers(state));
    const credentials = ServerCredentials.createSsl(
      pki.ca,
      [{ cert_chain: pki.serverCert, private_key: pki.serverKey }],
      true, // the provider demands a client certificate
    );
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', credentials, (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    const file = join(dir, 'providers.yaml');
    writeFileSync(file, `providers:\n  - tri://127.0.0.1:${port}/${TEST_SERVICE_NAME}?application=echo\n`);
    registry = `file:${file}`;
  });
  afterAll(() => {
    server?.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  async function withMesh<T>(mesh: MeshClient, use: (echo: Echo) => Promise<T>): Promise<T> {
    try {
      return await use(mesh.client(TestService) as unknown as Echo);
    } finally {
      await mesh.close();
    }
  }

  it('falls back over mTLS with the mesh certificates', async () => {
    const mesh = createMeshClient({
      application: 'secure-app',
      sidecar: missingSidecar(),
      registry,
      security: { requireMtls: true, mtls: { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey } },
    });
    const reply = await withMesh(mesh, (echo) => echo.unary({ message: 'secure' }, { timeoutMs: 3000 }));
    expect(reply).toMatchObject({ message: 'secure', server: 'mtls-provider' });
    expect(mesh.mode).toBe('fat');
    expect(mesh.stats.callsByMode).toEqual({ thin: 0, fat: 1 });
  });

  it('mTLS required, no certificate: refuses to fall back, and never reaches the provider', async () => {
    const before = state.calls;
    const mesh = createMeshClient({
      application: 'secure-app',
      sidecar: missingSidecar(),
      registry,
      security: { requireMtls: true },
    });
    const error = await withMesh(mesh, (echo) => echo.unary({ message: 'x' }, { timeoutMs: 3000 })).catch(
      (e: unknown) => e,
    );
    console.log(`[mesh mTLS refusal] ${(error as Error).message}`);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(Code.Unavailable);
    expect((error as RpcError).message).toMatch(/socket|ENOENT/);
    expect((error as RpcError).message).toMatch(/requires mTLS.*refusing to fall back.*plaintext/);
    expect(state.calls).toBe(before);
  });
});
