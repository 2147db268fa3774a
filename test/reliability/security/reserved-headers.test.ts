/**
 * Security: attachments cannot set reserved or pseudo headers (issue 6 "Security"; triple.md §2).
 * A caller attaches `:path`, `:authority`, `grpc-timeout`, `content-type`, `te`, `host`,
 * `user-agent`, `tri-service-version` and `grpc-status`; a raw HTTP/2 provider shows that none of
 * them arrived — directly, through the Fat client, and through the Thin client and the sidecar —
 * while an ordinary attachment did.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, createHttp2Transport } from '@dubbo-mesh/sdk-core';
import { createFatClient, type FatClient } from '@dubbo-mesh/sdk-fat';
import { createThinClient, type ThinClient } from '@dubbo-mesh/sdk-thin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sidecar, startSidecar } from '../../../packages/sidecar/src/index.js';
import { tempSocketPath } from '../../peers/temp-socket.js';
import { TEST_SERVICE_NAME } from '../../peers/test-service-definition.js';
import { testService } from '../../sidecar/test-service.js';
import { tally } from '../tally.js';
import { type HeaderCaptureProvider, startHeaderCaptureProvider } from './header-capture-provider.js';

const AREA = 'reserved headers';
const TestService = testService();
const INJECTED = {
  ':path': '/evil.Service/Steal',
  ':authority': 'evil.example',
  ':method': 'GET',
  'grpc-timeout': '1n',
  'content-type': 'text/plain',
  te: 'gzip',
  host: 'evil.example',
  'user-agent': 'evil-agent',
  'tri-service-version': '9.9.9',
  'grpc-status': '0',
  'Grpc-Encoding': 'evil',
  'x-ordinary': 'kept',
} as const;

function expectNothingInjected(headers: IncomingHttpHeaders | undefined): void {
  expect(headers).toBeDefined();
  const h = headers!;
  expect(h[':path']).toBe(`/${TEST_SERVICE_NAME}/Unary`);
  expect(h[':method']).toBe('POST');
  expect(h[':authority']).not.toBe('evil.example');
  expect(String(h['content-type'])).toMatch(/^application\/grpc/);
  expect(h.te).toBe('trailers');
  expect(h.host).toBeUndefined();
  // The Fat path sets its own deadline (1000 ms default); never the caller's injected value.
  expect(h['grpc-timeout']).not.toBe('1n');
  expect(h['grpc-status']).toBeUndefined();
  expect(h['grpc-encoding']).not.toBe('evil');
  expect(h['user-agent']).not.toBe('evil-agent');
  expect(h['tri-service-version']).not.toBe('9.9.9');
  expect(h['x-ordinary']).toBe('kept');
}

describe('attachments cannot set reserved or pseudo headers', () => {
  let provider: HeaderCaptureProvider;
  let dir: string;
  let fat: FatClient;
  let sidecar: Sidecar;
  let thin: ThinClient;

  beforeAll(async () => {
    provider = await startHeaderCaptureProvider();
    dir = mkdtempSync(join(tmpdir(), 'dm-rel-headers-'));
    const registry = join(dir, 'providers.yaml');
    writeFileSync(
      registry,
      `providers:\n  - tri://${provider.address}/${TEST_SERVICE_NAME}?application=capture\n`,
    );
    fat = createFatClient({ application: 'reliability', registry: `file:${registry}` });
    sidecar = await startSidecar({
      listen: `unix:${tempSocketPath('headers-sidecar.sock')}`,
      registry: `file:${registry}`,
      log: () => undefined,
    });
    thin = createThinClient({ application: 'reliability', sidecar: `unix:${sidecar.socketPath}` });
  });

  afterAll(async () => {
    await thin?.close();
    await sidecar?.close();
    await fat?.close();
    await provider?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('directly (sdk-core)', async () => {
    const transport = createHttp2Transport(provider.address);
    try {
      await createClient(TestService, transport).unary({ message: 'direct' }, { attachments: INJECTED });
    } finally {
      await transport.close();
    }
    tally('badInput', Object.keys(INJECTED).length - 1, AREA);
    tally('call', 1, AREA);
    expectNothingInjected(provider.seen.at(-1));
  });

  it('through the Fat client', async () => {
    await fat.client(TestService).unary({ message: 'fat' }, { attachments: INJECTED });
    tally('badInput', Object.keys(INJECTED).length - 1, AREA);
    tally('call', 1, AREA);
    expectNothingInjected(provider.seen.at(-1));
  });

  it('through the Thin client and the sidecar', async () => {
    await thin.client(TestService).unary({ message: 'thin' }, { attachments: INJECTED });
    tally('badInput', Object.keys(INJECTED).length - 1, AREA);
    tally('call', 1, AREA);
    expectNothingInjected(provider.seen.at(-1));
  });
});
