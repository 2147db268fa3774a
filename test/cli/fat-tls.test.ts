/** `call --registry` with `--ca`/`--cert`/`--key`: TLS (mTLS) to every provider the registry lists. */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestServiceDefinition } from '../peers/test-service-definition.js';
import { createTestServiceHandlers, type TestServiceState } from '../peers/test-service-handlers.js';
import { makeTestPki } from '../support/test-certificates.js';
import { type FatFiles, makeFatFiles } from './fat-files.js';
import { assertCliBuilt, jsonLines, runCli, TEST_PROTO } from './run-cli.js';

const SERVICE = 'dubbomesh.test.TestService';

describe('dubbo-mesh call --registry over mTLS', () => {
  let files: FatFiles;
  let server: Server;
  let tlsFlags: string[];
  const state: TestServiceState = { name: 'tls-provider', calls: 0, cancelled: [], lastMetadata: {} };

  beforeAll(async () => {
    assertCliBuilt();
    const pki = makeTestPki();
    server = new Server();
    server.addService(loadTestServiceDefinition(), createTestServiceHandlers(state));
    const credentials = ServerCredentials.createSsl(
      pki.ca,
      [{ cert_chain: pki.serverCert, private_key: pki.serverKey }],
      true,
    );
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', credentials, (err, p) => (err ? reject(err) : resolve(p))),
    );
    files = makeFatFiles();
    files.writeProviders([`tri://127.0.0.1:${port}/${SERVICE}?application=echo`]);
    tlsFlags = [
      '--ca',
      files.write('ca.pem', pki.ca.toString()),
      '--cert',
      files.write('client.pem', pki.clientCert.toString()),
      '--key',
      files.write('client.key', pki.clientKey.toString()),
    ];
  });
  afterAll(() => {
    server?.forceShutdown();
    files?.remove();
  });

  const call = (...flags: string[]) =>
    runCli([
      'call',
      `${SERVICE}/Unary`,
      '{"message":"secure"}',
      '--registry',
      files.registry,
      '--proto',
      TEST_PROTO,
      ...flags,
    ]);

  it('calls the provider with the client certificate', async () => {
    const run = await call(...tlsFlags);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([
      expect.objectContaining({ message: 'secure', server: 'tls-provider' }),
    ]);
  });

  it('fails (exit 2, one JSON line) without TLS flags: plaintext never reaches a TLS provider', async () => {
    const before = state.calls;
    const run = await call('--timeout', '2000');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(jsonLines(run.stderr)).toEqual([
      expect.objectContaining({ code: expect.any(Number), message: expect.any(String) }),
    ]);
    expect(state.calls).toBe(before);
  });

  it('refuses --cert without --key, and an unreadable --ca, with exit 1', async () => {
    const half = await call('--cert', tlsFlags[3]!);
    expect(half.code).toBe(1);
    expect(half.stderr).toMatch(/--cert and --key go together/);
    const missing = await call('--ca', `${files.dir}/absent.pem`);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--ca .*absent\.pem: cannot read the file \(ENOENT\)/);
  });
});
