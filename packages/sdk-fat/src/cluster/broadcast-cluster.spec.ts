import { JavaException } from '@dubbo-mesh/codec-triple';
import { Code, RpcError } from '@dubbo-mesh/sdk-core';
import { describe, expect, it } from 'vitest';
import { P1, P2, P3, P4 } from '../balancer/greeter-providers.fixture.js';
import { BroadcastCluster } from './broadcast-cluster.js';
import { fakeContext } from './fake-cluster-context.fixture.js';

const broadcast = new BroadcastCluster();
const down = (who: string): RpcError => new RpcError(Code.Unavailable, `${who} down`);

describe('BroadcastCluster', () => {
  it('calls every provider in order and returns the last result', async () => {
    const context = fakeContext({
      providers: [P1, P2, P4],
      outcomes: { [P1.address]: ['a'], [P2.address]: ['b'], [P4.address]: ['c'] },
    });
    await expect(broadcast.invoke(context)).resolves.toBe('c');
    expect(context.attempts).toEqual([P1, P2, P4]);
  });

  it('goes on past failures and throws the last error at the end', async () => {
    const last = down('P4');
    const context = fakeContext({
      providers: [P1, P2, P3, P4],
      outcomes: {
        [P1.address]: [down('P1')],
        [P2.address]: ['b'],
        [P3.address]: ['c'],
        [P4.address]: [last],
      },
    });
    await expect(broadcast.invoke(context)).rejects.toBe(last);
    expect(context.attempts).toHaveLength(4);
  });

  it('stops when failures reach broadcast.fail.percent of the providers', async () => {
    const second = down('P2');
    const context = fakeContext({
      providers: [P1, P2, P3, P4],
      outcomes: { [P1.address]: [down('P1')], [P2.address]: [second] },
      params: { 'broadcast.fail.percent': '50' },
    });
    await expect(broadcast.invoke(context)).rejects.toBe(second);
    expect(context.attempts).toEqual([P1, P2]);
  });

  it('counts business exceptions as failures', async () => {
    const biz = new JavaException('org.demo.Invalid', 'bad');
    const context = fakeContext({
      providers: [P1, P2],
      outcomes: { [P1.address]: [biz], [P2.address]: ['ok'] },
      params: { 'broadcast.fail.percent': '50' },
    });
    await expect(broadcast.invoke(context)).rejects.toBe(biz);
    expect(context.attempts).toEqual([P1]);
  });

  it('treats an out-of-range percent as 100, and keeps Java’s "threshold 0 never stops"', async () => {
    for (const percent of ['250', '-3', '10']) {
      const context = fakeContext({
        providers: [P1, P2, P3],
        outcomes: {},
        params: { 'broadcast.fail.percent': percent },
      });
      await expect(broadcast.invoke(context)).rejects.toThrow(RpcError);
      expect(context.attempts).toHaveLength(3);
    }
  });

  it('fails with code 6 without providers', async () => {
    await expect(broadcast.invoke(fakeContext({ providers: [], outcomes: {} }))).rejects.toThrow(
      /NO_INVOKER_AVAILABLE/,
    );
  });
});
