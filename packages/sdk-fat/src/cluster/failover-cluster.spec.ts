import { JavaException } from '@dubbo-mesh/codec-triple';
import { Code, RpcError } from '@dubbo-mesh/sdk-core';
import { describe, expect, it } from 'vitest';
import { invocation, P1, P2, P4 } from '../balancer/greeter-providers.fixture.js';
import { FailoverCluster } from './failover-cluster.js';
import { fakeContext } from './fake-cluster-context.fixture.js';

const timeout = (): RpcError => new RpcError(Code.DeadlineExceeded, 'deadline exceeded after 1000 ms');
const unavailable = (): RpcError => new RpcError(Code.Unavailable, 'connection refused');
const failover = new FailoverCluster();

describe('FailoverCluster', () => {
  it('retries a timeout on another provider (governance.md §9.16)', async () => {
    const context = fakeContext({
      providers: [P1, P2, P4],
      outcomes: { [P1.address]: [timeout()], [P2.address]: ['hello'] },
    });
    await expect(failover.invoke(context)).resolves.toBe('hello');
    expect(context.attempts).toEqual([P1, P2]);
    expect([...context.selections[1]!]).toEqual([P1]);
  });

  it('does not retry a business exception: one attempt (governance.md §9.16)', async () => {
    const biz = new JavaException('org.demo.NotFoundException', 'no such user');
    const context = fakeContext({ providers: [P1, P2, P4], outcomes: { [P1.address]: [biz] } });
    await expect(failover.invoke(context)).rejects.toBe(biz);
    expect(context.attempts).toEqual([P1]);
  });

  it('recognises a business exception from another copy of codec-triple by its name', async () => {
    const biz = Object.assign(new Error('no such user'), { name: 'JavaException' });
    const context = fakeContext({ providers: [P1, P2], outcomes: { [P1.address]: [biz] } });
    await expect(failover.invoke(context)).rejects.toBe(biz);
    expect(context.attempts).toHaveLength(1);
  });

  it('makes retries + 1 attempts (default 2), each on an untried provider, re-listing providers each time', async () => {
    const context = fakeContext({
      providers: [P1, P2, P4],
      outcomes: { [P1.address]: [unavailable()], [P2.address]: [timeout()], [P4.address]: [unavailable()] },
    });
    const error = await failover.invoke(context).catch((e: unknown) => e);
    expect(context.attempts).toEqual([P1, P2, P4]);
    expect(context.providersCalls).toBe(3);
    expect(error).toBeInstanceOf(RpcError);
    const rpc = error as RpcError;
    expect(rpc.code).toBe(Code.Unavailable); // the last error's code
    expect(rpc.rawMessage).toContain(
      'after 3 attempt(s) on providers [10.0.0.1:50051, 10.0.0.2:50051, 10.0.0.4:20880] (3/3)',
    );
    expect(rpc.rawMessage).toContain('last error: connection refused');
    expect(rpc.cause).toBeInstanceOf(RpcError);
  });

  it('honours the retries parameter and the retries attachment', async () => {
    const once = fakeContext({ providers: [P1, P2], outcomes: {}, params: { retries: '0' } });
    await expect(failover.invoke(once)).rejects.toThrow(RpcError);
    expect(once.attempts).toHaveLength(1);

    const fiveTimes = fakeContext({
      providers: [P1, P2],
      outcomes: {},
      params: { retries: '0' },
      invocation: invocation('greet', undefined, { retries: '4' }),
    });
    await expect(failover.invoke(fiveTimes)).rejects.toThrow(RpcError);
    expect(fiveTimes.attempts).toEqual([P1, P2, P1, P1, P1]); // all tried: any will do
  });

  it('fails with UNAVAILABLE code 6 when routing leaves no provider', async () => {
    const context = fakeContext({ providers: [], outcomes: {} });
    const error = (await failover.invoke(context).catch((e: unknown) => e)) as RpcError;
    expect(error.code).toBe(Code.Unavailable);
    expect(error.rawMessage).toBe(
      'no provider available after routing (code 6 NO_INVOKER_AVAILABLE_AFTER_FILTER)',
    );
    expect(context.attempts).toHaveLength(0);
  });

  it('fails with code 6, the last error as cause, when a retry finds no provider left', async () => {
    const first = unavailable();
    const context = fakeContext({
      providers: (call) => (call === 0 ? [P1] : []),
      outcomes: { [P1.address]: [first] },
    });
    const error = (await failover.invoke(context).catch((e: unknown) => e)) as RpcError;
    expect(error.rawMessage).toMatch(/NO_INVOKER_AVAILABLE_AFTER_FILTER/);
    expect(error.cause).toBe(first);
  });
});
