import type { ChannelState } from '@dubbo-mesh/sdk-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualScheduler } from './manual-scheduler.js';
import { type HealthEvent, SidecarHealthMonitor, type WatchedChannel } from './sidecar-health.js';
import type { ProbeOutcome } from './sidecar-probe.js';

const SERVING: ProbeOutcome = { ok: true, judgedBy: 'health-service', message: 'SERVING' };
const NOT_SERVING: ProbeOutcome = {
  ok: false,
  severity: 'failed',
  message: 'health check answered NOT_SERVING',
};
const REFUSED: ProbeOutcome = { ok: false, severity: 'unreachable', message: 'connect ECONNREFUSED' };

/** A channel whose state the test sets. */
class FakeChannel implements WatchedChannel {
  state: ChannelState = 'idle';
  private readonly listeners = new Set<(state: ChannelState, reason?: Error) => void>();
  onStateChange(listener: (state: ChannelState, reason?: Error) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(state: ChannelState, reason?: Error): void {
    this.state = state;
    for (const listener of this.listeners) listener(state, reason);
  }
}

describe('SidecarHealthMonitor', () => {
  let scheduler: ManualScheduler;
  let channel: FakeChannel;
  let answers: ProbeOutcome[];
  let probes: number;
  let events: HealthEvent[];
  let monitor: SidecarHealthMonitor;

  function make(intervalMs = 1000, unhealthyAfter = 2): SidecarHealthMonitor {
    const made = new SidecarHealthMonitor(
      async () => {
        probes++;
        return answers.length > 1 ? answers.shift()! : answers[0]!;
      },
      channel,
      { intervalMs, unhealthyAfter, scheduler },
    );
    made.on('change', (event) => events.push(event));
    return made;
  }

  beforeEach(() => {
    scheduler = new ManualScheduler(10_000);
    channel = new FakeChannel();
    answers = [SERVING];
    probes = 0;
    events = [];
    monitor = make();
  });

  it('starts unknown, checks at once, then every interval', async () => {
    expect(monitor.state).toBe('unknown');
    monitor.start();
    await scheduler.advance(0);
    expect(probes).toBe(1);
    expect(monitor.state).toBe('healthy');
    expect(events).toEqual([
      expect.objectContaining({ from: 'unknown', to: 'healthy', reason: 'SERVING', at: 10_000 }),
    ]);
    await scheduler.advance(999);
    expect(probes).toBe(1);
    await scheduler.advance(1);
    expect(probes).toBe(2);
    await scheduler.advance(3000);
    expect(probes).toBe(5);
  });

  it('needs unhealthyAfter failed checks in a row; a good one in between resets the count', async () => {
    answers = [SERVING, NOT_SERVING, SERVING, NOT_SERVING, NOT_SERVING];
    monitor.start();
    await scheduler.advance(0);
    await scheduler.advance(1000);
    expect(monitor.state).toBe('healthy');
    await scheduler.advance(1000); // SERVING again
    await scheduler.advance(1000); // first NOT_SERVING
    expect(monitor.state).toBe('healthy');
    await scheduler.advance(1000); // second in a row
    expect(monitor.state).toBe('unhealthy');
    expect(events.at(-1)).toMatchObject({
      from: 'healthy',
      to: 'unhealthy',
      reason: '2 health checks failed in a row: health check answered NOT_SERVING',
      at: 14_000,
    });
  });

  it('an unreachable sidecar is unhealthy after one check', async () => {
    answers = [REFUSED];
    monitor.start();
    await scheduler.advance(0);
    expect(monitor.state).toBe('unhealthy');
    expect(events[0]).toMatchObject({ to: 'unhealthy', reason: 'connect ECONNREFUSED', outcome: REFUSED });
  });

  it('a channel in transient_failure makes it unhealthy at once, without waiting for a check', async () => {
    monitor.start();
    await scheduler.advance(0);
    channel.set('transient_failure', new Error('keepalive: no PING ack'));
    expect(monitor.state).toBe('unhealthy');
    expect(events.at(-1)?.reason).toBe('connection to the sidecar failed: keepalive: no PING ack');
    expect(probes).toBe(1);
  });

  it('a session that ends cleanly (ready -> idle) triggers a check at once', async () => {
    monitor.start();
    await scheduler.advance(0);
    channel.set('ready');
    answers = [REFUSED];
    channel.set('idle');
    await scheduler.advance(0);
    expect(probes).toBe(2);
    expect(monitor.state).toBe('unhealthy');
  });

  it('emits only changes, and events() streams them', async () => {
    const iterator = monitor.events()[Symbol.asyncIterator]();
    answers = [SERVING, SERVING, REFUSED, REFUSED, SERVING];
    monitor.start();
    await scheduler.advance(4000);
    expect(events.map((e) => `${e.from}->${e.to}`)).toEqual([
      'unknown->healthy',
      'healthy->unhealthy',
      'unhealthy->healthy',
    ]);
    expect((await iterator.next()).value).toMatchObject({ to: 'healthy' });
    expect((await iterator.next()).value).toMatchObject({ to: 'unhealthy' });
    expect((await iterator.next()).value).toMatchObject({ to: 'healthy' });
  });

  it('pause stops periodic checks; check() still works; resume waits one interval', async () => {
    monitor.start();
    await scheduler.advance(0);
    monitor.pause();
    await scheduler.advance(5000);
    expect(probes).toBe(1);
    await monitor.check();
    expect(probes).toBe(2);
    monitor.resume();
    await scheduler.advance(999);
    expect(probes).toBe(2);
    await scheduler.advance(1);
    expect(probes).toBe(3);
  });

  it('concurrent check() calls share one probe', async () => {
    let release: (outcome: ProbeOutcome) => void = () => undefined;
    const slow = new SidecarHealthMonitor(
      () => {
        probes++;
        return new Promise<ProbeOutcome>((resolve) => {
          release = resolve;
        });
      },
      undefined,
      { intervalMs: 0, unhealthyAfter: 2, scheduler },
    );
    const a = slow.check();
    const b = slow.check();
    release(SERVING);
    expect(await a).toBe(await b);
    expect(probes).toBe(1);
  });

  it('close stops checks and ends the event stream', async () => {
    monitor.start();
    await scheduler.advance(0);
    const iterator = monitor.events()[Symbol.asyncIterator]();
    monitor.close();
    await scheduler.advance(10_000);
    expect(probes).toBe(1);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(scheduler.pending).toBe(0);
  });
});
