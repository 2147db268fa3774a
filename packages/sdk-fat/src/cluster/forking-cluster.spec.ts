import { JavaException } from '@dubbo-mesh/codec-triple';
import { Code, RpcError } from '@dubbo-mesh/sdk-core';
import { describe, expect, it } from 'vitest';
import { P1, P2, P3, P4 } from '../balancer/greeter-providers.fixture.js';
import { deferred, fakeContext, settle } from './fake-cluster-context.fixture.js';
import { ForkingCluster } from './forking-cluster.js';

const forking = new ForkingCluster();

describe('ForkingCluster', () => {
  it('calls forks (2) distinct providers at once; the first success wins', async () => {
    const slow = deferred<string>();
    const fast = deferred<string>();
    const context = fakeContext({
      providers: [P1, P2, P4],
      outcomes: { [P1.address]: [slow.promise], [P2.address]: [fast.promise] },
    });
    const result = forking.invoke(context);
    expect(context.attempts).toEqual([P1, P2]);
    fast.resolve('from P2');
    await expect(result).resolves.toBe('from P2');
    slow.resolve('from P1');
  });

  it('waits past failures for a success', async () => {
    const late = deferred<string>();
    const context = fakeContext<string>({
      providers: [P1, P2],
      outcomes: { [P1.address]: [new RpcError(Code.Unavailable, 'down')], [P2.address]: [late.promise] },
      params: { forks: '0' },
    });
    const result = forking.invoke(context);
    await settle();
    late.resolve('late but fine');
    await expect(result).resolves.toBe('late but fine');
  });

  it('fails with the error that arrived last when all fail', async () => {
    const first = deferred<string>();
    const second = deferred<string>();
    const context = fakeContext({
      providers: [P1, P2],
      outcomes: { [P1.address]: [first.promise], [P2.address]: [second.promise] },
    });
    const result = forking.invoke(context);
    const lastError = new RpcError(Code.DeadlineExceeded, 'P1 too slow');
    second.reject(new RpcError(Code.Unavailable, 'P2 down'));
    await settle();
    first.reject(lastError);
    await expect(result).rejects.toBe(lastError);
  });

  it('calls every provider when forks is at least their number, or not positive', async () => {
    for (const forks of ['4', '9', '-1']) {
      const context = fakeContext({
        providers: [P1, P2, P3, P4],
        outcomes: { [P1.address]: ['ok'] },
        params: { forks },
      });
      await forking.invoke(context);
      expect(context.attempts).toEqual([P1, P2, P3, P4]);
    }
  });

  it('takes a business exception as the result, as Java', async () => {
    const biz = new JavaException('org.demo.Invalid', 'bad name');
    const never = deferred<string>();
    const context = fakeContext<string>({
      providers: [P1, P2],
      outcomes: { [P1.address]: [biz], [P2.address]: [never.promise] },
    });
    await expect(forking.invoke(context)).rejects.toBe(biz);
  });

  it('fails with code 6 without providers', async () => {
    await expect(forking.invoke(fakeContext({ providers: [], outcomes: {} }))).rejects.toThrow(
      /NO_INVOKER_AVAILABLE/,
    );
  });
});
