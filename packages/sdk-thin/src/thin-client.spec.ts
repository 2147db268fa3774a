import { Code, createClient, RpcError } from '@dubbo-mesh/sdk-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSidecar, startFakeSidecar, TestEcho } from './fake-sidecar.fixture.js';
import { ManualScheduler } from './manual-scheduler.js';
import { createThinClient, type ThinClient } from './thin-client.js';
import { classifyThinFailure } from './thin-failure.js';

describe('createThinClient against an in-process sidecar', () => {
  let sidecar: FakeSidecar;
  let thin: ThinClient;

  beforeAll(async () => {
    sidecar = await startFakeSidecar();
    // A manual scheduler: no periodic health checks run unless a test asks for one.
    thin = createThinClient({
      application: 'shop-web',
      sidecar: sidecar.endpoint,
      scheduler: new ManualScheduler(),
    });
  });
  afterAll(async () => {
    await thin.close();
    await sidecar.close();
  });
  afterEach(() => {
    sidecar.echo = 'echo';
    sidecar.health = 'serving';
    sidecar.requests.length = 0;
  });

  it('sends the metadata the sidecar routes on, with a logical :authority', async () => {
    const echo = thin.client(TestEcho);
    await expect(echo.call('hi', { attachments: { 'x-lane': 'gray', tenant: 't1' } })).resolves.toBe('hi');
    const headers = sidecar.requests[0]!;
    expect(headers[':path']).toBe('/test.TestEcho/Call');
    expect(headers[':authority']).toBe('dubbo-mesh-sidecar');
    expect(headers['tri-service-version']).toBe('1.0.0');
    expect(headers['tri-service-group']).toBe('g');
    expect(headers['tri-consumer-appname']).toBe('shop-web');
    expect(headers['x-lane']).toBe('gray');
    expect(headers.tenant).toBe('t1');
  });

  it('adds the application to clients made on its transport without one', async () => {
    const echo = createClient(TestEcho, thin.transport);
    await echo.call('plain');
    expect(sidecar.requests[0]!['tri-consumer-appname']).toBe('shop-web');
  });

  it('a status from the sidecar is an answer, not a sidecar failure', async () => {
    sidecar.echo = 'status-unavailable';
    const error = await thin
      .client(TestEcho)
      .call('x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(Code.Unavailable);
    expect(classifyThinFailure(error)).toEqual({ kind: 'answered' });
  });

  it('a stream reset without a status means the connection may have lost the call', async () => {
    sidecar.echo = 'reset';
    const error = await thin
      .client(TestEcho)
      .call('x')
      .catch((e: unknown) => e);
    expect(classifyThinFailure(error).kind).toBe('connection-lost');
  });

  it('a connection that dies mid-call is connection-lost (it may have executed)', async () => {
    sidecar.echo = 'destroy-connection';
    const error = await thin
      .client(TestEcho)
      .call('x')
      .catch((e: unknown) => e);
    expect(classifyThinFailure(error).kind).toBe('connection-lost');
  });

  it("the caller's own deadline is an answer", async () => {
    sidecar.echo = 'hang';
    const error = await thin
      .client(TestEcho)
      .call('x', { timeoutMs: 20 })
      .catch((e: unknown) => e);
    expect((error as RpcError).code).toBe(Code.DeadlineExceeded);
    expect(classifyThinFailure(error)).toEqual({ kind: 'answered' });
  });

  it('health: SERVING is healthy, judged by the health service', async () => {
    const outcome = await thin.health.check();
    expect(outcome).toEqual({ ok: true, judgedBy: 'health-service', message: 'SERVING' });
    expect(thin.health.state).toBe('healthy');
  });

  it('health: UNIMPLEMENTED (a proxy without a health service) is judged by the connection', async () => {
    sidecar.health = 'unimplemented';
    const outcome = await thin.health.check();
    expect(outcome.ok && outcome.judgedBy).toBe('connection');
    expect(thin.health.state).toBe('healthy');
  });

  it('health: NOT_SERVING counts as a failed check', async () => {
    sidecar.health = 'not-serving';
    const outcome = await thin.health.check();
    expect(outcome).toMatchObject({ ok: false, severity: 'failed' });
  });
});

describe('createThinClient with no sidecar listening', () => {
  it('a missing socket is not-sent, socket-missing, and makes the sidecar unhealthy at once', async () => {
    const thin = createThinClient({
      application: 'shop-web',
      sidecar: 'unix:/nonexistent/dubbo-mesh/sidecar.sock',
      scheduler: new ManualScheduler(),
    });
    try {
      const error = await thin
        .client(TestEcho)
        .call('x')
        .catch((e: unknown) => e);
      expect(classifyThinFailure(error)).toMatchObject({ kind: 'not-sent', reason: 'socket-missing' });
      const outcome = await thin.health.check();
      expect(outcome).toMatchObject({ ok: false, severity: 'unreachable' });
      expect(thin.health.state).toBe('unhealthy');
    } finally {
      await thin.close();
    }
  });

  it('uses DUBBO_MESH_SIDECAR when no endpoint is given', async () => {
    const saved = process.env.DUBBO_MESH_SIDECAR;
    process.env.DUBBO_MESH_SIDECAR = 'unix:/from/env.sock';
    try {
      const thin = createThinClient({ application: 'a', scheduler: new ManualScheduler() });
      expect(thin.endpoint).toBe('unix:/from/env.sock');
      await thin.close();
    } finally {
      if (saved === undefined) delete process.env.DUBBO_MESH_SIDECAR;
      else process.env.DUBBO_MESH_SIDECAR = saved;
    }
  });

  it('refuses an application name that cannot travel as a header', () => {
    expect(() => createThinClient({ application: 'shop web' })).toThrow(/printable ASCII/);
  });
});
