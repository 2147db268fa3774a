/**
 * `dubbo-mesh call --proto` against a real @grpc/grpc-js server (test/peers/grpc-server.ts), over TCP and
 * over a Unix socket: output and exit codes exactly as cli.md states them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { tempSocketPath } from '../peers/temp-socket.js';
import { assertCliBuilt, jsonLines, runCli, TEST_PROTO } from './run-cli.js';

const SERVICE = 'dubbomesh.test.TestService';

describe.each([
  ['TCP', () => startGrpcServer({ name: 'tcp-peer' })],
  ['UDS', () => startGrpcServer({ name: 'uds-peer', uds: tempSocketPath('cli.sock') })],
])('dubbo-mesh call --proto over %s', (label, start) => {
  let peer: GrpcPeer;
  const call = (method: string, json: string, ...flags: string[]) =>
    runCli(['call', `${SERVICE}/${method}`, json, '--direct', peer.address, '--proto', TEST_PROTO, ...flags]);

  beforeAll(async () => {
    assertCliBuilt();
    peer = await start();
  });
  afterAll(() => peer?.close());

  it('prints a unary reply as one proto JSON line and exits 0', async () => {
    const run = await call(
      'Unary',
      '{"message":"hi","payload":"AQID"}',
      '--app',
      'cli-test',
      '--attachment',
      'userId=42',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.endsWith('\n')).toBe(true);
    const [reply, ...rest] = jsonLines(run.stdout);
    expect(rest).toEqual([]);
    // bytes print as base64; the peer echoes request metadata, so app and attachment went out as headers.
    expect(reply).toMatchObject({
      message: 'hi',
      payload: 'AQID',
      server: label === 'TCP' ? 'tcp-peer' : 'uds-peer',
      metadata: { 'tri-consumer-appname': 'cli-test', userid: '42' },
    });
  });

  it('accepts .proto field names and lowerCamel method names, and sends --version/--group', async () => {
    const run = await runCli([
      'call',
      `${SERVICE}/unary`,
      '{"message":"snake","fail_code":0}',
      '--direct',
      peer.address,
      '--proto',
      TEST_PROTO,
      '--version',
      '1.2.0',
      '--group',
      'g1',
    ]);
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([
      expect.objectContaining({
        message: 'snake',
        metadata: expect.objectContaining({ 'tri-service-version': '1.2.0', 'tri-service-group': 'g1' }),
      }),
    ]);
  });

  it('prints one line per server-streaming message', async () => {
    const run = await call('ServerStream', '{"message":"s","count":3}');
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    // proto3 JSON leaves out default values: index 0 is absent.
    expect(lines.map((line) => (line as { index?: number }).index ?? 0)).toEqual([0, 1, 2]);
    expect(lines.every((line) => (line as { message?: string }).message === 's')).toBe(true);
  });

  it('sends a JSON array of messages for client and bidi streaming', async () => {
    const client = await call('ClientStream', '[{"message":"a"},{"message":"b"},{"message":"c"}]');
    expect(client.code).toBe(0);
    expect(jsonLines(client.stdout)).toEqual([expect.objectContaining({ message: 'a,b,c', index: 3 })]);
    const bidi = await call('Bidi', '[{"message":"x"},{"message":"y"}]');
    expect(bidi.code).toBe(0);
    expect(jsonLines(bidi.stdout).map((line) => (line as { message: string }).message)).toEqual(['x', 'y']);
  });

  it('reports an RPC error as one JSON line on stderr and exits 2', async () => {
    const run = await call('Unary', '{"failCode":14,"failMessage":"down for maintenance: 100%"}');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(jsonLines(run.stderr)).toEqual([
      { code: 14, codeName: 'UNAVAILABLE', message: 'down for maintenance: 100%' },
    ]);
  });

  it('exits 2 with DEADLINE_EXCEEDED when --timeout passes', async () => {
    const run = await call('Unary', '{"message":"slow","delayMs":2000}', '--timeout', '100');
    expect(run.code).toBe(2);
    expect(jsonLines(run.stderr)).toEqual([
      expect.objectContaining({ code: 4, codeName: 'DEADLINE_EXCEEDED' }),
    ]);
  });

  it('prints the messages a stream sent before it failed, then the error', async () => {
    const run = await call('ServerStream', '{"message":"f","count":2,"failCode":9,"failMessage":"stop"}');
    expect(run.code).toBe(2);
    expect(jsonLines(run.stdout)).toHaveLength(2);
    expect(jsonLines(run.stderr)).toEqual([{ code: 9, codeName: 'FAILED_PRECONDITION', message: 'stop' }]);
  });
});

describe('dubbo-mesh call --proto: usage errors exit 1 naming the problem', () => {
  let peer: GrpcPeer;
  beforeAll(async () => {
    assertCliBuilt();
    peer = await startGrpcServer();
  });
  afterAll(() => peer?.close());

  const usage = async (args: string[], pattern: RegExp) => {
    const run = await runCli(args);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(pattern);
    expect(run.code).toBe(1);
  };

  it('an unknown method lists the ones there are', () =>
    usage(
      ['call', `${SERVICE}/Nope`, '{}', '--direct', peer.address, '--proto', TEST_PROTO],
      /method "Nope" not found.*Unary, ServerStream/,
    ));

  it('an unknown service lists the services in the file', () =>
    usage(
      ['call', 'dubbomesh.test.Nope/Unary', '{}', '--direct', peer.address, '--proto', TEST_PROTO],
      /service "dubbomesh.test.Nope" not found.*dubbomesh.test.TestService/,
    ));

  it('an unreadable .proto names the file', () =>
    usage(
      ['call', `${SERVICE}/Unary`, '{}', '--direct', peer.address, '--proto', '/nonexistent/x.proto'],
      /--proto \/nonexistent\/x\.proto: cannot read/,
    ));

  it('ARGS_JSON that is not JSON', () =>
    usage(
      ['call', `${SERVICE}/Unary`, '{"message":', '--direct', peer.address, '--proto', TEST_PROTO],
      /ARGS_JSON is not valid JSON/,
    ));

  it('a field the message does not have, or a value of the wrong type', async () => {
    await usage(
      ['call', `${SERVICE}/Unary`, '{"mesage":"x"}', '--direct', peer.address, '--proto', TEST_PROTO],
      /has no field "mesage"/,
    );
    await usage(
      ['call', `${SERVICE}/Unary`, '{"failCode":"x"}', '--direct', peer.address, '--proto', TEST_PROTO],
      /failCode: int32 expected/,
    );
  });

  it('sends nothing for a usage error', async () => {
    const before = peer.calls;
    await usage(
      ['call', `${SERVICE}/Unary`, '{"failCode":"x"}', '--direct', peer.address, '--proto', TEST_PROTO],
      /int32/,
    );
    expect(peer.calls).toBe(before);
  });
});
