/**
 * A pino instance plugs in as the `logger` option: structured lines for channel events (connect,
 * GOAWAY, disconnect) and the mesh client's Thin -> Fat switch, and no attachment values in them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, createHttp2Transport, loadProtoService } from '@dubbo-mesh/sdk-core';
import { createMeshClient } from '@dubbo-mesh/sdk-fat';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';

const TestService = loadProtoService<{ unary: 'unary' }>(
  fileURLToPath(new URL('../peers/proto/test.proto', import.meta.url)),
  'dubbomesh.test.TestService',
);

interface LogLine {
  level: number;
  msg: string;
  component?: string;
  [field: string]: unknown;
}

/** A pino logger writing to memory: every line parsed back from pino's own JSON. */
function capturedPino(): { logger: pino.Logger; lines: LogLine[]; raw: string[] } {
  const raw: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (chunk: string) => void raw.push(chunk) });
  return {
    logger,
    raw,
    get lines() {
      return raw.map((line) => JSON.parse(line) as LogLine);
    },
  };
}

let peer: GrpcPeer;
let dir: string;
beforeAll(async () => {
  peer = await startGrpcServer({ name: 'pino-peer' });
  dir = mkdtempSync(join(tmpdir(), 'dm-observability-'));
});
afterAll(async () => {
  await peer?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('logger option with pino', () => {
  it('logs connect, GOAWAY and disconnect of a channel as structured lines, without attachment values', async () => {
    const doomed = await startGrpcServer({ name: 'doomed' });
    const log = capturedPino();
    const transport = createHttp2Transport(doomed.address, { logger: log.logger });
    const client = createClient(TestService, transport);
    try {
      await client.unary(
        { message: 'x' },
        { attachments: { authorization: 'Bearer top-secret', token: 'tok-123' } },
      );
      // grpc-js sends GOAWAY when it shuts down.
      await doomed.close();
      await vi.waitFor(() => expect(log.lines.map((l) => l.msg)).toContain('disconnected'), {
        timeout: 10_000,
      });
    } finally {
      await transport.close();
    }
    const lines = log.lines;
    const connected = lines.find((l) => l.msg === 'connected');
    expect(connected).toMatchObject({ level: 30, component: 'channel', endpoint: doomed.address });
    expect(lines.find((l) => l.msg === 'connecting')).toMatchObject({ level: 20, component: 'channel' });
    expect(lines.find((l) => l.msg.startsWith('GOAWAY received'))).toMatchObject({
      level: 30,
      component: 'channel',
      errorCode: 0,
    });
    const joined = log.raw.join('');
    expect(joined).not.toContain('top-secret');
    expect(joined).not.toContain('tok-123');
  });

  it('logs the mesh client switching to Fat when the sidecar is missing, and the provider list', async () => {
    const file = join(dir, 'providers.yaml');
    writeFileSync(
      file,
      `providers:\n  - tri://127.0.0.1:${peer.port}/dubbomesh.test.TestService?application=echo\n`,
    );
    const log = capturedPino();
    const mesh = createMeshClient({
      application: 'logged-app',
      sidecar: `unix:${join(dir, 'no-sidecar.sock')}`,
      registry: `file:${file}`,
      logger: log.logger,
    });
    try {
      const echo = mesh.client(TestService);
      await echo.unary({ message: 'via fat' }, { timeoutMs: 5000 });
      await vi.waitFor(() => expect(mesh.mode).toBe('fat'), { timeout: 10_000 });
    } finally {
      await mesh.close();
    }
    const lines = log.lines;
    expect(lines.find((l) => l.msg === 'mode switch thin -> fat')).toMatchObject({
      level: 30,
      component: 'mesh',
      from: 'thin',
      to: 'fat',
      reason: 'socket-missing',
    });
    expect(lines.find((l) => l.msg === 'provider list changed')).toMatchObject({
      component: 'registry',
      service: 'dubbomesh.test.TestService',
      providers: 1,
    });
    expect(lines.some((l) => l.component === 'channel' && l.msg === 'connected')).toBe(true);
  });
});
