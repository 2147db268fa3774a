/**
 * Security: secrets never appear in error messages or logs (issue 6 "Security"). Calls carrying a
 * `token`, an `authorization` header and a binary credential fail against a provider that is down,
 * through the Fat client and the mesh client (sidecar missing, Fat fallback), with a logger that
 * captures everything at every level; the provider URL carries its own `token=` too, and a garbage
 * registry entry carries one as well. Neither the error (message, fields, causes, util.inspect) nor
 * any log line holds a secret, and `dubbo-mesh providers` prints the URL's token as ***.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { type Logger, RpcError } from '@dubbo-mesh/sdk-core';
import { createFatClient, createMeshClient } from '@dubbo-mesh/sdk-fat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProviders } from '../../../packages/cli/src/providers-command.js';
import { TEST_SERVICE_NAME } from '../../peers/test-service-definition.js';
import { testService } from '../../sidecar/test-service.js';
import { tally } from '../tally.js';

const AREA = 'secrets in errors and logs';
const TestService = testService();
const SECRETS = {
  attachmentToken: 'att-token-5f1b9e',
  bearer: 'bearer-secret-77c2a1',
  binary: 'binary-credential-0d3e',
  urlToken: 'url-token-9a8b7c',
  garbageToken: 'garbage-token-4e4e4e',
} as const;
const ATTACHMENTS = {
  token: SECRETS.attachmentToken,
  authorization: `Bearer ${SECRETS.bearer}`,
  'credential-bin': new TextEncoder().encode(SECRETS.binary),
};

/** A logger that keeps every line at every level, as JSON text. */
function capturingLogger(lines: string[]): Logger {
  const keep =
    (level: string) =>
    (fields: Readonly<Record<string, unknown>>, message: string): void => {
      lines.push(`${level} ${message} ${safeJson(fields)}`);
    };
  return { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) =>
      v instanceof Error
        ? { ...Object.fromEntries(Object.entries(v)), errorMessage: v.message }
        : v instanceof Uint8Array
          ? Buffer.from(v).toString('latin1')
          : v,
    );
  } catch {
    return inspect(value, { depth: 8 });
  }
}

/** Everything a user could read about an error: message, fields, causes, stack, inspect output. */
function everythingAbout(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    parts.push(String(current), inspect(current, { depth: 8, showHidden: true }), safeJson(current));
    if (current instanceof Error) parts.push(current.stack ?? '');
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}

function expectNoSecret(text: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) {
    expect(text.includes(secret), `${name} leaked:\n${text}`).toBe(false);
  }
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('secrets in error messages and logs', () => {
  let dir: string;
  let registry: string;
  const logs: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dm-rel-secrets-'));
    registry = join(dir, 'providers.yaml');
    const port = await closedPort();
    writeFileSync(
      registry,
      'providers:\n' +
        `  - tri://127.0.0.1:${port}/${TEST_SERVICE_NAME}?application=down&token=${SECRETS.urlToken}\n` +
        `  - "tri://bad host:99999/${TEST_SERVICE_NAME}?token=${SECRETS.garbageToken}"\n`,
    );
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a failed Fat call: neither the error nor the logs hold a secret', async () => {
    const fat = createFatClient({
      application: 'reliability',
      registry: `file:${registry}`,
      logger: capturingLogger(logs),
    });
    try {
      const error = await fat
        .client(TestService)
        .unary({ message: 'x' }, { attachments: ATTACHMENTS, timeoutMs: 2_000 })
        .catch((e: unknown) => e);
      tally('call', 1, AREA);
      expect(error).toBeInstanceOf(RpcError);
      expectNoSecret(everythingAbout(error));
    } finally {
      await fat.close();
    }
    expect(logs.length).toBeGreaterThan(0);
    expectNoSecret(logs.join('\n'));
  });

  it('a failed mesh call (no sidecar, Fat fallback): neither the error nor the logs hold a secret', async () => {
    const lines: string[] = [];
    const mesh = createMeshClient({
      application: 'reliability',
      sidecar: `unix:${join(dir, 'no-sidecar.sock')}`,
      registry: `file:${registry}`,
      idempotent: ['Unary'],
      logger: capturingLogger(lines),
    });
    try {
      const error = await mesh
        .client(TestService)
        .unary({ message: 'x' }, { attachments: ATTACHMENTS, timeoutMs: 2_000 })
        .catch((e: unknown) => e);
      tally('call', 1, AREA);
      expect(error).toBeInstanceOf(RpcError);
      expectNoSecret(everythingAbout(error));
    } finally {
      await mesh.close();
    }
    expectNoSecret(lines.join('\n'));
  });

  it('dubbo-mesh providers prints the provider token as ***', async () => {
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      isTTY: false,
    };
    const code = await runProviders(
      {
        kind: 'providers',
        service: TEST_SERVICE_NAME,
        version: undefined,
        group: undefined,
        registry: `file:${registry}`,
        app: 'reliability',
      },
      io,
    );
    expect(code).toBe(0);
    expect(stdout).toContain('token=***');
    expectNoSecret(stdout + stderr);
  });
});
