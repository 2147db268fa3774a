/**
 * Security: the `token` attachment end to end (issue 6 "Security"). A provider that requires a
 * token (Dubbo's TokenFilter) is registered with `token=...` in its URL; the Fat client and the
 * sidecar send it, a caller without it is refused, and a caller's own `token` attachment to a
 * provider without one passes through the Thin path and the sidecar untouched.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Code, createClient, createHttp2Transport, RpcError } from '@dubbo-mesh/sdk-core';
import { createFatClient, type FatClient } from '@dubbo-mesh/sdk-fat';
import { createThinClient, type ThinClient } from '@dubbo-mesh/sdk-thin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sidecar, startSidecar } from '../../../packages/sidecar/src/index.js';
import { type GrpcPeer, startGrpcServer } from '../../peers/grpc-server.js';
import { tempSocketPath } from '../../peers/temp-socket.js';
import { TEST_SERVICE_NAME } from '../../peers/test-service-definition.js';
import { testService } from '../../sidecar/test-service.js';
import { tally } from '../tally.js';
import { startTokenProvider, type TokenProvider } from './token-provider.js';

const AREA = 'token attachment';
const TOKEN = 'f3a1c2d4-token-of-the-guarded-provider';
/** What the registry says of a provider whose token was rotated: a stale secret, still a secret. */
const STALE_TOKEN = '9b7e5a11-stale-token-from-the-registry';
/**
 * The guarded provider is version 1.0.0, the plain echo provider 2.0.0, and a guarded provider that
 * quotes wrong tokens (as Java's TokenFilter does) and is registered with a stale one 3.0.0.
 */
const Guarded = testService({ version: '1.0.0' });
const Plain = testService({ version: '2.0.0' });
const Rotated = testService({ version: '3.0.0' });

describe('the token attachment for providers that require it', () => {
  let guarded: TokenProvider;
  let rotated: TokenProvider;
  let plain: GrpcPeer;
  let dir: string;
  let fat: FatClient;
  let sidecar: Sidecar;
  let thin: ThinClient;
  let calls = 0;

  beforeAll(async () => {
    guarded = await startTokenProvider(TOKEN);
    rotated = await startTokenProvider(TOKEN, { quoteToken: true });
    plain = await startGrpcServer({ name: 'plain' });
    dir = mkdtempSync(join(tmpdir(), 'dm-rel-token-'));
    const registry = join(dir, 'providers.yaml');
    writeFileSync(
      registry,
      'providers:\n' +
        `  - tri://${guarded.address}/${TEST_SERVICE_NAME}?application=guarded&version=1.0.0&token=${TOKEN}\n` +
        `  - tri://${plain.address}/${TEST_SERVICE_NAME}?application=plain&version=2.0.0\n` +
        `  - tri://${rotated.address}/${TEST_SERVICE_NAME}?application=rotated&version=3.0.0&token=${STALE_TOKEN}\n`,
    );
    fat = createFatClient({ application: 'reliability', registry: `file:${registry}` });
    sidecar = await startSidecar({
      listen: `unix:${tempSocketPath('token-sidecar.sock')}`,
      registry: `file:${registry}`,
      log: () => undefined,
    });
    thin = createThinClient({ application: 'reliability', sidecar: `unix:${sidecar.socketPath}` });
  });

  afterAll(async () => {
    tally('call', calls, AREA);
    await thin?.close();
    await sidecar?.close();
    await fat?.close();
    await plain?.close();
    await guarded?.close();
    await rotated?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a caller without the token is refused by the provider (the provider really checks)', async () => {
    const transport = createHttp2Transport(guarded.address);
    const client = createClient(Guarded, transport);
    calls++;
    const error = await client.unary({ message: 'no-token' }).catch((e: unknown) => e);
    await transport.close();
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(Code.PermissionDenied);
    expect(guarded.rejected).toBeGreaterThanOrEqual(1);
  });

  it('the Fat client sends the token from the provider URL', async () => {
    const client = fat.client(Guarded);
    calls += 3;
    for (let i = 0; i < 3; i++) {
      expect((await client.unary({ message: `fat-${i}` })).server).toBe('guarded');
    }
  });

  it('the sidecar sends the token from the provider URL for a Thin caller', async () => {
    const client = thin.client(Guarded);
    calls += 3;
    for (let i = 0; i < 3; i++) {
      expect((await client.unary({ message: `thin-${i}` })).server).toBe('guarded');
    }
  });

  it("a caller's own token to a provider without one passes through Fat, Thin and the sidecar untouched", async () => {
    const attachments = { token: 'callers-own-token' };
    calls += 2;
    const viaFat = await fat.client(Plain).unary({ message: 'fat' }, { attachments });
    expect((viaFat.metadata as Record<string, string>).token).toBe('callers-own-token');
    const viaThin = await thin.client(Plain).unary({ message: 'thin' }, { attachments });
    expect((viaThin.metadata as Record<string, string>).token).toBe('callers-own-token');
  });

  it('a stale token from the registry, quoted back by the provider, never reaches the Fat caller', async () => {
    calls++;
    const error = await fat
      .client(Rotated)
      .unary({ message: 'stale' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(Code.PermissionDenied);
    expect((error as RpcError).rawMessage).toContain('consumer incorrect token is ***');
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(STALE_TOKEN);
    expect(rotated.rejected).toBeGreaterThanOrEqual(1);
  });

  it('the sidecar keeps a stale token quoted by the provider from the Thin caller', async () => {
    calls++;
    const error = await thin
      .client(Rotated)
      .unary({ message: 'stale-thin' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(Code.PermissionDenied);
    expect((error as RpcError).rawMessage).toContain('consumer incorrect token is ***');
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(STALE_TOKEN);
  });
});
