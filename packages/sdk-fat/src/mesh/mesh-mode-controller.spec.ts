import diagnostics from 'node:diagnostics_channel';
import { EventFeed, type HealthEvent, ManualScheduler } from '@dubbo-mesh/sdk-thin';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectRefused,
  PROBE_DOWN,
  PROBE_OK,
  ScriptedHealth,
  socketMissing,
} from './fake-engines.fixture.js';
import { MeshModeController } from './mesh-mode-controller.js';
import type { ModeChange } from './mode-change.js';

describe('MeshModeController (the fallback state machine)', () => {
  let scheduler: ManualScheduler;
  let health: ScriptedHealth;
  let changes: ModeChange[];
  let controller: MeshModeController;

  /** Milliseconds from now to the next scheduled probe. */
  const nextProbeIn = (): number | undefined =>
    scheduler.nextAt === undefined ? undefined : scheduler.nextAt - scheduler.now();

  beforeEach(() => {
    scheduler = new ManualScheduler(1_000_000);
    health = new ScriptedHealth();
    changes = [];
    const feed = new EventFeed<ModeChange>();
    feed.on((change) => changes.push(change));
    controller = new MeshModeController({
      health,
      scheduler,
      healthyProbesToReturn: 3,
      backoff: { initialMs: 100, maxMs: 1000 },
      changes: feed,
    });
  });
  afterEach(() => controller.close());

  it('starts Thin', () => {
    expect(controller.mode).toBe('thin');
    expect(controller.switches).toBe(0);
  });

  it('THIN -> FAT when health fails N times, with the reason and the time', () => {
    health.emit({
      from: 'healthy',
      to: 'unhealthy',
      reason: '2 health checks failed in a row: NOT_SERVING',
      at: scheduler.now(),
      outcome: { ok: false, severity: 'failed', message: 'NOT_SERVING' },
    });
    expect(controller.mode).toBe('fat');
    expect(changes).toEqual([
      {
        from: 'thin',
        to: 'fat',
        reason: 'health-failed',
        detail: '2 health checks failed in a row: NOT_SERVING',
        at: 1_000_000,
      },
    ]);
    expect(health.paused).toBe(true);
  });

  it('THIN -> FAT on socket missing, connect refused and session lost, named by the cause', () => {
    /** The reason a fresh controller gives for this health event. */
    const reasonFor = (event: HealthEvent): string | undefined => {
      const source = new ScriptedHealth();
      const feed = new EventFeed<ModeChange>();
      let reason: string | undefined;
      feed.on((change) => {
        reason = change.reason;
      });
      const fresh = new MeshModeController({
        health: source,
        scheduler,
        healthyProbesToReturn: 3,
        backoff: { initialMs: 100, maxMs: 1000 },
        changes: feed,
      });
      source.emit(event);
      fresh.close();
      return reason;
    };
    const unreachable = (error: unknown): HealthEvent => ({
      from: 'healthy',
      to: 'unhealthy',
      reason: 'x',
      at: 0,
      outcome: { ok: false, severity: 'unreachable', message: 'x', error },
    });
    expect(reasonFor(unreachable(socketMissing()))).toBe('socket-missing');
    expect(reasonFor(unreachable(connectRefused()))).toBe('connect-refused');
    expect(
      reasonFor({
        from: 'healthy',
        to: 'unhealthy',
        reason: 'connection to the sidecar failed: keepalive: no PING ack',
        at: 0,
        error: new Error('keepalive: no PING ack'),
      }),
    ).toBe('session-lost');
  });

  it('a burst of failures is one switch; health changes in Fat mode are ignored', () => {
    controller.sidecarFailed('session-lost', 'a');
    controller.sidecarFailed('session-lost', 'b');
    health.emit({ from: 'unknown', to: 'unhealthy', reason: 'c', at: 0 });
    expect(changes).toHaveLength(1);
    expect(controller.switches).toBe(1);
  });

  it('FAT -> THIN after K probes in a row, spaced initialMs; periodic checks resume', async () => {
    controller.sidecarFailed('socket-missing', 'gone');
    expect(nextProbeIn()).toBe(100);
    await scheduler.advance(100);
    expect(health.checks).toBe(1);
    expect(controller.mode).toBe('fat');
    await scheduler.advance(100);
    expect(health.checks).toBe(2);
    await scheduler.advance(100);
    expect(health.checks).toBe(3);
    expect(controller.mode).toBe('thin');
    expect(changes.at(-1)).toMatchObject({ from: 'fat', to: 'thin', reason: 'recovered', at: 1_000_300 });
    expect(health.paused).toBe(false);
    expect(scheduler.pending).toBe(0);
  });

  it('failed probes back off exponentially up to maxMs', async () => {
    health.fallback = PROBE_DOWN;
    controller.sidecarFailed('socket-missing', 'gone');
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const delay = nextProbeIn()!;
      delays.push(delay);
      await scheduler.advance(delay);
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(controller.mode).toBe('fat');
  });

  it('a failure between good probes starts the count again (no return on K-1)', async () => {
    health.script.push(PROBE_OK, PROBE_OK, PROBE_DOWN, PROBE_OK, PROBE_OK);
    controller.sidecarFailed('socket-missing', 'gone');
    await scheduler.advance(100); // ok
    await scheduler.advance(100); // ok
    await scheduler.advance(100); // down: next in 200
    expect(nextProbeIn()).toBe(200);
    await scheduler.advance(200); // ok
    await scheduler.advance(100); // ok (2 in a row)
    expect(controller.mode).toBe('fat');
    await scheduler.advance(100); // fallback ok: 3 in a row
    expect(controller.mode).toBe('thin');
  });

  it('no flapping: a sidecar that fails again right after each return is probed ever more slowly', async () => {
    const firstDelays: number[] = [];
    for (let cycle = 0; cycle < 5; cycle++) {
      controller.sidecarFailed('session-lost', 'reset right after recovery');
      firstDelays.push(nextProbeIn()!);
      await scheduler.advance(nextProbeIn()!);
      await scheduler.advance(100);
      await scheduler.advance(100);
      expect(controller.mode).toBe('thin');
    }
    expect(firstDelays).toEqual([100, 200, 400, 800, 1000]);
    // A Thin period longer than maxMs forgives the history.
    await scheduler.advance(1000);
    controller.sidecarFailed('session-lost', 'much later');
    expect(nextProbeIn()).toBe(100);
  });

  it('publishes every switch on the dubbo-mesh:mode-change diagnostics channel', () => {
    const published: unknown[] = [];
    const onMessage = (message: unknown): void => {
      published.push(message);
    };
    diagnostics.subscribe('dubbo-mesh:mode-change', onMessage);
    try {
      controller.sidecarFailed('connect-refused', 'refused');
    } finally {
      diagnostics.unsubscribe('dubbo-mesh:mode-change', onMessage);
    }
    expect(published).toEqual([
      expect.objectContaining({ from: 'thin', to: 'fat', reason: 'connect-refused' }),
    ]);
  });

  it('a probe that throws counts as a failed probe', async () => {
    health.check = () => Promise.reject(new Error('broken health source'));
    controller.sidecarFailed('socket-missing', 'gone');
    await scheduler.advance(100);
    expect(controller.mode).toBe('fat');
    expect(nextProbeIn()).toBe(200);
  });

  it('close stops probing', async () => {
    controller.sidecarFailed('socket-missing', 'gone');
    controller.close();
    await scheduler.advance(10_000);
    expect(health.checks).toBe(0);
  });
});
