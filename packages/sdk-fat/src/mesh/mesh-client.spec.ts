import { Code, RpcError } from '@dubbo-mesh/sdk-core';
import { ManualScheduler } from '@dubbo-mesh/sdk-thin';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  answered,
  connectionLost,
  fakeFat,
  fakeThin,
  Orders,
  PROBE_DOWN,
  socketMissing,
} from './fake-engines.fixture.js';
import { createMeshClient, type MeshClient, type MeshClientOptions } from './mesh-client.js';
import type { ModeChange } from './mode-change.js';

describe('createMeshClient: routing calls by mode and the re-send rules', () => {
  let scheduler: ManualScheduler;
  let thin: ReturnType<typeof fakeThin>;
  let fat: ReturnType<typeof fakeFat>;
  let fatMade: number;
  let changes: ModeChange[];

  function make(extra: Partial<MeshClientOptions> = {}): MeshClient {
    const mesh = createMeshClient({
      application: 'shop-web',
      registry: 'file:/unused.yaml',
      scheduler,
      probe: { healthyProbesToReturn: 2, backoff: { initialMs: 100, maxMs: 800 } },
      engines: {
        thin,
        fat: () => {
          fatMade++;
          return fat;
        },
      },
      ...extra,
    });
    mesh.on('modeChange', (change) => changes.push(change));
    return mesh;
  }

  beforeEach(() => {
    scheduler = new ManualScheduler(5_000);
    thin = fakeThin();
    fat = fakeFat();
    fatMade = 0;
    changes = [];
  });

  it('sends calls Thin while the sidecar works; the Fat engine is warm and subscribed', async () => {
    const mesh = make();
    const orders = mesh.client(Orders);
    expect(fatMade).toBe(1);
    expect(fat.subscribed).toEqual(['demo.Orders']);
    await expect(orders.place('a')).resolves.toBe('thin:ok');
    expect(mesh.mode).toBe('thin');
    expect(mesh.stats).toEqual({
      switches: 0,
      callsByMode: { thin: 1, fat: 0 },
      resentViaFat: 0,
      failedAfterSend: 0,
    });
  });

  it('not sent (socket missing): re-sent via Fat at once, even a non-idempotent method, and mode is Fat', async () => {
    const mesh = make();
    thin.transport.script.push(socketMissing());
    await expect(mesh.client(Orders).place('a')).resolves.toBe('fat:ok');
    expect(mesh.mode).toBe('fat');
    expect(changes).toEqual([expect.objectContaining({ from: 'thin', to: 'fat', reason: 'socket-missing' })]);
    expect(mesh.stats.callsByMode).toEqual({ thin: 0, fat: 1 });
    expect(mesh.stats.resentViaFat).toBe(1);
  });

  it('sent and idempotent: re-sent via Fat', async () => {
    const mesh = make();
    thin.transport.script.push(connectionLost());
    await expect(mesh.client(Orders).get('a')).resolves.toBe('fat:ok');
    expect(changes[0]?.reason).toBe('session-lost');
  });

  it('sent and idempotent by the `idempotent` option (Method or service/Method)', async () => {
    for (const name of ['Place', 'demo.Orders/Place']) {
      thin = fakeThin();
      const mesh = make({ idempotent: [name] });
      thin.transport.script.push(connectionLost());
      await expect(mesh.client(Orders).place('a')).resolves.toBe('fat:ok');
    }
  });

  it('sent and not idempotent: fails UNAVAILABLE, is not re-sent, and the next call goes Fat', async () => {
    const mesh = make();
    const orders = mesh.client(Orders);
    thin.transport.script.push(connectionLost());
    const error = await orders.place('a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(Code.Unavailable);
    expect((error as RpcError).message).toMatch(/demo.Orders\/Place may have reached it.*not idempotent/);
    expect(fat.transport.requests).toHaveLength(0);
    expect(mesh.stats.failedAfterSend).toBe(1);
    await expect(orders.place('b')).resolves.toBe('fat:ok');
    expect(thin.transport.requests).toHaveLength(1);
  });

  it("an answer from the sidecar is the call's result: no re-send, no switch", async () => {
    const mesh = make();
    thin.transport.script.push(answered(Code.Unavailable));
    const error = await mesh
      .client(Orders)
      .get('a')
      .catch((e: unknown) => e);
    expect((error as RpcError).rawMessage).toBe('bad request');
    expect(mesh.mode).toBe('thin');
    expect(fat.transport.requests).toHaveLength(0);
  });

  it('the re-sent call gets what is left of its deadline', async () => {
    let clock = 0;
    const realNow = performance.now;
    performance.now = () => clock;
    try {
      const mesh = make();
      thin.transport.script.push(async () => {
        clock += 300;
        throw connectionLost();
      });
      await mesh.client(Orders).get('a', { timeoutMs: 1000 });
      expect(fat.transport.requests[0]?.timeoutMs).toBe(700);
    } finally {
      performance.now = realNow;
    }
  });

  it('back to Thin after K good probes, then calls go Thin again', async () => {
    const mesh = make();
    const orders = mesh.client(Orders);
    thin.transport.script.push(socketMissing());
    await orders.get('a');
    await expect(orders.get('b')).resolves.toBe('fat:ok');
    await scheduler.advance(100);
    expect(mesh.mode).toBe('fat');
    await scheduler.advance(100);
    expect(mesh.mode).toBe('thin');
    await expect(orders.get('c')).resolves.toBe('thin:ok');
    expect(changes.map((c) => `${c.from}->${c.to}:${c.reason}@${c.at}`)).toEqual([
      'thin->fat:socket-missing@5000',
      'fat->thin:recovered@5200',
    ]);
    expect(mesh.stats).toMatchObject({ switches: 2, callsByMode: { thin: 1, fat: 2 } });
  });

  it('stays Fat while probes fail', async () => {
    const mesh = make();
    thin.health.fallback = PROBE_DOWN;
    thin.transport.script.push(socketMissing());
    await mesh.client(Orders).get('a');
    await scheduler.advance(60_000);
    expect(mesh.mode).toBe('fat');
    expect(changes).toHaveLength(1);
  });

  it('modeChanges() streams the switches until close', async () => {
    const mesh = make();
    const seen = (async () => {
      const out: string[] = [];
      for await (const change of mesh.modeChanges()) out.push(`${change.from}->${change.to}`);
      return out;
    })();
    thin.transport.script.push(socketMissing());
    await mesh.client(Orders).get('a');
    await scheduler.advance(200);
    await mesh.close();
    expect(await seen).toEqual(['thin->fat', 'fat->thin']);
    expect(fat.closed).toBe(true);
  });

  it('lazy: no Fat engine until the first fallback; then it subscribes the known services', async () => {
    const mesh = make({ lazy: true });
    const orders = mesh.client(Orders);
    await orders.get('a');
    expect(fatMade).toBe(0);
    thin.transport.script.push(socketMissing());
    await expect(orders.get('b')).resolves.toBe('fat:ok');
    expect(fatMade).toBe(1);
    expect(fat.subscribed).toEqual(['demo.Orders']);
  });

  it('mTLS required without certificates: refuses to fall back, says why, never makes the Fat engine', async () => {
    const mesh = make({ security: { requireMtls: true } });
    thin.transport.script.push(socketMissing());
    const error = await mesh
      .client(Orders)
      .get('a')
      .catch((e: unknown) => e);
    expect((error as RpcError).code).toBe(Code.Unavailable);
    expect((error as RpcError).message).toMatch(/requires mTLS.*refusing to fall back.*plaintext/);
    expect(mesh.mode).toBe('fat');
    expect(fatMade).toBe(0);
    const later = await mesh
      .client(Orders)
      .get('b')
      .catch((e: unknown) => e);
    expect((later as RpcError).message).toMatch(/refusing to fall back/);
  });

  it('streams: a not-sent stream with replayable messages goes Fat; an async source fails UNAVAILABLE', async () => {
    const mesh = make();
    const orders = mesh.client(Orders);
    thin.transport.script.push(socketMissing());
    const got: string[] = [];
    for await (const reply of orders.placeMany(['a', 'b'])) got.push(reply);
    expect(got).toEqual(['fat:stream']);

    thin = fakeThin();
    const second = make();
    thin.transport.script.push(socketMissing());
    async function* source(): AsyncGenerator<string> {
      yield 'a';
    }
    const error = await (async () => {
      for await (const _ of second.client(Orders).placeMany(source())) {
        // nothing arrives
      }
    })().catch((e: unknown) => e);
    expect((error as RpcError).code).toBe(Code.Unavailable);
    expect((error as RpcError).message).toMatch(/cannot be replayed/);
  });
});
