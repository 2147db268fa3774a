/**
 * The `logger` option of the Fat client and the sidecar: provider lists, provider connections and
 * rule reloads arrive as structured pino lines, and a rejected rule edit is a warn line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, createHttp2Transport, loadProtoService } from '@dubbo-mesh/sdk-core';
import { createFatClient } from '@dubbo-mesh/sdk-fat';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSidecar } from '../../packages/sidecar/src/index.js';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { tempSocketPath } from '../peers/temp-socket.js';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../peers/test-service-definition.js';

const TestService = loadProtoService<{ unary: 'unary' }>(TEST_PROTO_PATH, TEST_SERVICE_NAME);

interface LogLine {
  level: number;
  msg: string;
  component?: string;
  [field: string]: unknown;
}

function capturedPino(): { logger: pino.Logger; lines: () => LogLine[] } {
  const raw: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (chunk: string) => void raw.push(chunk) });
  return { logger, lines: () => raw.map((line) => JSON.parse(line) as LogLine) };
}

const rule = (region: string): string =>
  [
    'configVersion: v3.0',
    'scope: service',
    `key: ${TEST_SERVICE_NAME}`,
    'conditions:',
    `  - "=> region=${region}"`,
  ].join('\n');

let peer: GrpcPeer;
let dir: string;
let registry: string;
let rulesFile: string;

beforeAll(async () => {
  peer = await startGrpcServer({ name: 'logged' });
  dir = mkdtempSync(join(tmpdir(), 'dm-component-logs-'));
  const providers = join(dir, 'providers.yaml');
  writeFileSync(
    providers,
    `providers:\n  - tri://${peer.address}/${TEST_SERVICE_NAME}?application=echo&region=hz\n`,
  );
  registry = `file:${providers}`;
  rulesFile = join(dir, 'rules.yaml');
  writeFileSync(rulesFile, rule('hz'));
});
afterAll(async () => {
  await peer?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('component logs', () => {
  it('Fat client: provider list, provider connection, rules reloaded and rejected; no process warning', async () => {
    const log = capturedPino();
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.message);
    process.on('warning', onWarning);
    const fat = createFatClient({
      application: 'logged-fat',
      registry,
      rules: rulesFile,
      logger: log.logger,
    });
    try {
      await fat.client(TestService).unary({ message: 'x' }, { timeoutMs: 5000 });
      writeFileSync(rulesFile, rule('hz '));
      await vi.waitFor(() => expect(log.lines().map((l) => l.msg)).toContain('rules applied'), {
        timeout: 10_000,
      });
      writeFileSync(rulesFile, 'configVersion: v3.0\nconditions: [broken\n');
      await vi.waitFor(
        () => expect(log.lines().map((l) => l.msg)).toContain('rule rejected, previous rules stay in force'),
        { timeout: 10_000 },
      );
    } finally {
      process.off('warning', onWarning);
      await fat.close();
      writeFileSync(rulesFile, rule('hz'));
    }
    const lines = log.lines();
    expect(lines.find((l) => l.msg === 'provider list changed')).toMatchObject({
      level: 30,
      component: 'registry',
      service: TEST_SERVICE_NAME,
      providers: 1,
    });
    expect(lines.find((l) => l.msg === 'connected')).toMatchObject({
      component: 'channel',
      endpoint: peer.address,
    });
    expect(lines.find((l) => l.msg.startsWith('rule rejected'))).toMatchObject({
      level: 40,
      component: 'router',
    });
    expect(warnings.filter((w) => w.includes('rule rejected'))).toEqual([]);
  });

  it('sidecar: provider list and provider connection at info, its operator lines at warn', async () => {
    const log = capturedPino();
    const sidecar = await startSidecar({
      listen: `unix:${tempSocketPath('logged-sidecar.sock')}`,
      registry,
      rules: rulesFile,
      logger: log.logger,
    });
    const transport = createHttp2Transport(`unix:${sidecar.socketPath}`, { authority: 'sidecar' });
    try {
      await createClient(TestService, transport).unary({ message: 'via sidecar' }, { timeoutMs: 5000 });
      writeFileSync(rulesFile, 'configVersion: v3.0\nconditions: [broken\n');
      await vi.waitFor(
        () => expect(log.lines().some((l) => l.level === 40 && l.msg.includes('rejected'))).toBe(true),
        { timeout: 10_000 },
      );
    } finally {
      await transport.close();
      await sidecar.close();
      writeFileSync(rulesFile, rule('hz'));
    }
    const lines = log.lines();
    expect(lines.find((l) => l.msg === 'provider list changed')).toMatchObject({
      component: 'registry',
      service: TEST_SERVICE_NAME,
      providers: 1,
    });
    expect(lines.find((l) => l.msg === 'connected')).toMatchObject({
      component: 'channel',
      endpoint: peer.address,
    });
    expect(lines.find((l) => l.level === 40 && l.msg.includes('rejected'))).toMatchObject({
      component: 'sidecar',
    });
  });
});
