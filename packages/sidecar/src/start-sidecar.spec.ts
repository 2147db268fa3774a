import { mkdtempSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFrame } from '@dubbo-mesh/codec-triple';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { echo, type FakeProvider, type StreamBehaviour, startFakeProvider } from './fake-provider.fixture.js';
import { FakeRegistry } from './fake-registry.fixture.js';
import { openCall, rawCall, socketSession, statusOf } from './raw-call.fixture.js';
import type { Sidecar, SidecarOptions } from './sidecar-options.js';
import { startSidecar } from './start-sidecar.js';

const SERVICE = 'org.demo.Greeter';
const PATH = `/${SERVICE}/sayHello`;

/** The sidecar in-process, with an in-memory registry listing the given providers. */
describe('startSidecar (in-process, fake providers)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(
    behaviours: StreamBehaviour[],
    options: Partial<SidecarOptions> = {},
  ): Promise<{ sidecar: Sidecar; providers: FakeProvider[]; registry: FakeRegistry; logs: string[] }> {
    const providers = await Promise.all(behaviours.map((b) => startFakeProvider(b)));
    cleanups.push(() => Promise.all(providers.map((p) => p.close())).then(() => undefined));
    const registry = new FakeRegistry({
      [SERVICE]: providers.map((p) => `tri://${p.address}/${SERVICE}?application=greeter`),
    });
    const dir = mkdtempSync(join(tmpdir(), 'dm-sc-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const logs: string[] = [];
    const sidecar = await startSidecar({
      listen: `unix:${join(dir, 'sidecar.sock')}`,
      registry,
      log: (line) => logs.push(line),
      ...options,
    });
    cleanups.push(() => sidecar.close());
    return { sidecar, providers, registry, logs };
  }

  function session(sidecar: Sidecar) {
    const s = socketSession(sidecar.socketPath);
    cleanups.push(() => s.close());
    return s;
  }

  it('re-sends a stream the provider refused, on a fresh session, and it executes once', async () => {
    const refuseFirst: StreamBehaviour = (stream, headers, index) => {
      if (index === 0) stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
      else echo(stream, headers, index);
    };
    const { sidecar, providers } = await setup([refuseFirst]);
    const body = encodeFrame(Buffer.from('hello'));
    const outcome = await rawCall(session(sidecar), PATH, body);
    expect(statusOf(outcome)).toBe('0');
    expect(outcome.body.equals(body)).toBe(true);
    expect(providers[0]!.streams).toHaveLength(2);
    expect(providers[0]!.streams[1]!.body.equals(body)).toBe(true);
  });

  it('does not re-send a refused request larger than the replay limit', async () => {
    const refuse: StreamBehaviour = (stream) => stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
    const { sidecar, providers } = await setup([refuse], { maxReplayBytes: 16 });
    const outcome = await rawCall(session(sidecar), PATH, encodeFrame(Buffer.alloc(100, 1)));
    expect(statusOf(outcome)).toBe('14');
    expect(decodeURIComponent(String(outcome.headers['grpc-message']))).toMatch(/too large to send again/);
    expect(providers[0]!.streams).toHaveLength(1);
  });

  it('never re-sends after the provider answered: a connection lost mid-call is UNAVAILABLE', async () => {
    const dieAfterHeaders: StreamBehaviour = (stream) => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
      stream.write(encodeFrame(Buffer.from('partial')), () => stream.session?.destroy());
    };
    const { sidecar, providers } = await setup([dieAfterHeaders, dieAfterHeaders]);
    const outcome = await rawCall(session(sidecar), PATH, encodeFrame(Buffer.from('x')));
    expect(outcome.headers[':status']).toBe(200);
    expect(statusOf(outcome)).toBe('14');
    expect(providers[0]!.streams.length + providers[1]!.streams.length).toBe(1);
  });

  it('fails over to another provider when a connection cannot be made', async () => {
    const dead = await startFakeProvider(echo);
    await dead.close();
    const live = await startFakeProvider(echo);
    cleanups.push(() => live.close());
    const urls = (...addresses: string[]) => addresses.map((address) => `tri://${address}/${SERVICE}`);
    const { sidecar: both } = await setup([], {
      registry: new FakeRegistry({ [SERVICE]: urls(dead.address, live.address) }),
    });
    const s = session(both);
    for (let i = 0; i < 10; i++)
      expect(statusOf(await rawCall(s, PATH, encodeFrame(Buffer.from(`m${i}`))))).toBe('0');
    expect(live.streams).toHaveLength(10);

    const { sidecar: deadOnly } = await setup([], {
      registry: new FakeRegistry({ [SERVICE]: urls(dead.address) }),
    });
    const alone = await rawCall(session(deadOnly), PATH, encodeFrame(Buffer.from('x')));
    expect(statusOf(alone)).toBe('14');
    expect(decodeURIComponent(String(alone.headers['grpc-message']))).toContain(dead.address);
  });

  it('answers UNIMPLEMENTED for a path that is not /service/method', async () => {
    const { sidecar, providers } = await setup([echo]);
    const outcome = await rawCall(session(sidecar), '/nonsense', Buffer.alloc(0));
    expect(statusOf(outcome)).toBe('12');
    expect(providers[0]!.streams).toHaveLength(0);
  });

  it('registers served providers; a drain lets calls in flight finish, says NOT_SERVING, then deregisters', async () => {
    let release: (() => void) | undefined;
    const held: StreamBehaviour = (stream) => {
      release = () => {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end(body);
      };
    };
    const body = encodeFrame(Buffer.from('slow'));
    const { sidecar, registry } = await setup([held], {
      serve: [`${SERVICE}=127.0.0.1:50051?version=1.0.0`],
    });
    expect(registry.registered).toEqual([sidecar.registered[0]]);
    expect(sidecar.registered[0]).toMatch(
      /^tri:\/\/127\.0\.0\.1:50051\/org\.demo\.Greeter\?.*version=1\.0\.0/,
    );
    const caller = session(sidecar);
    const call = rawCall(caller, PATH, body);
    const health = openCall(caller, '/grpc.health.v1.Health/Check');
    await vi.waitFor(() => expect(release).toBeDefined());
    const drained = sidecar.drain();
    expect(sidecar.draining).toBe(true);
    // A health check already in flight is answered, with the truth: the sidecar is going away.
    const checked = await health.send(encodeFrame(new Uint8Array(0)));
    expect(statusOf(checked)).toBe('0');
    expect([...checked.body]).toEqual([0, 0, 0, 0, 2, 0x08, 2]); // HealthCheckResponse{status: NOT_SERVING}
    release!();
    const outcome = await call;
    expect(statusOf(outcome)).toBe('0');
    expect(outcome.body.equals(body)).toBe(true);
    expect(await drained).toBe(true);
    expect(registry.registered).toEqual([]);
  });
});
