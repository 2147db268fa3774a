import { Code, RpcError } from '@dubbo-mesh/sdk-core';
import { describe, expect, it } from 'vitest';
import { P1, P2, P4 } from '../balancer/greeter-providers.fixture.js';
import { FailbackCluster } from './failback-cluster.js';
import { FakeScheduler, fakeContext } from './fake-cluster-context.fixture.js';

const unavailable = (): RpcError => new RpcError(Code.Unavailable, 'connection refused');

describe('FailbackCluster', () => {
  it('resolves undefined at once and retries 5 s later on another provider', async () => {
    const scheduler = new FakeScheduler();
    const context = fakeContext({
      providers: [P1, P2],
      outcomes: { [P1.address]: [unavailable()], [P2.address]: ['delivered'] },
      scheduler,
    });
    const failback = new FailbackCluster();
    await expect(failback.invoke(context)).resolves.toBeUndefined();
    expect(context.swallowed).toHaveLength(1);
    expect(scheduler.pending).toEqual([5_000]);
    expect(failback.pendingRetries).toBe(1);
    await scheduler.advance(4_999);
    expect(context.attempts).toEqual([P1]);
    await scheduler.advance(1);
    expect(context.attempts).toEqual([P1, P2]);
    expect(scheduler.pending).toEqual([]);
    expect(failback.pendingRetries).toBe(0);
  });

  it('retries every 5 s up to retries (3) times, then gives up and says so', async () => {
    const scheduler = new FakeScheduler();
    const context = fakeContext({ providers: [P1, P2, P4], outcomes: {}, scheduler });
    const failback = new FailbackCluster();
    await failback.invoke(context);
    await scheduler.advance(60_000);
    expect(context.attempts).toEqual([P1, P2, P1, P2]); // each retry avoids the provider tried last
    expect(scheduler.time).toBe(60_000);
    expect(failback.pendingRetries).toBe(0);
    const last = context.swallowed.at(-1) as Error;
    expect(last.message).toBe('failback gave up after 3 background retries');
    expect(last.cause).toBeInstanceOf(RpcError);
  });

  it('retries at 5, 10 and 15 s', async () => {
    const scheduler = new FakeScheduler();
    const times: number[] = [];
    const context = fakeContext({ providers: [P1, P2], outcomes: {}, scheduler });
    const attempt = context.attempt;
    context.attempt = (p) => {
      times.push(scheduler.time);
      return attempt(p);
    };
    await new FailbackCluster().invoke(context);
    await scheduler.advance(60_000);
    expect(times).toEqual([0, 5_000, 10_000, 15_000]);
  });

  it('honours the retries parameter', async () => {
    const scheduler = new FakeScheduler();
    const context = fakeContext({ providers: [P1, P2], outcomes: {}, scheduler, params: { retries: '1' } });
    await new FailbackCluster().invoke(context);
    await scheduler.advance(60_000);
    expect(context.attempts).toHaveLength(2);
  });

  it('queues at most failbacktasks calls and reports the ones it drops', async () => {
    const scheduler = new FakeScheduler();
    const failback = new FailbackCluster();
    const contexts = [0, 1, 2].map(() =>
      fakeContext({ providers: [P1], outcomes: {}, scheduler, params: { failbacktasks: '2' } }),
    );
    for (const context of contexts) await failback.invoke(context);
    expect(failback.pendingRetries).toBe(2);
    expect(scheduler.pending).toHaveLength(2);
    expect(String(contexts[2]!.swallowed.at(-1))).toMatch(/failback queue full \(2 calls waiting\)/);
  });
});
