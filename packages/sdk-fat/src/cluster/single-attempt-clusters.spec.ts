import { JavaException } from '@dubbo-mesh/codec-triple';
import { Code, RpcError } from '@dubbo-mesh/sdk-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { P1, P2, P4 } from '../balancer/greeter-providers.fixture.js';
import { AvailableCluster } from './available-cluster.js';
import { clusterStrategies } from './cluster-strategies.js';
import { FailfastCluster } from './failfast-cluster.js';
import { FailsafeCluster } from './failsafe-cluster.js';
import { fakeContext } from './fake-cluster-context.fixture.js';

const unavailable = (): RpcError => new RpcError(Code.Unavailable, 'connection refused');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('FailfastCluster', () => {
  it('makes one attempt and passes its error on unchanged', async () => {
    const error = unavailable();
    const context = fakeContext({ providers: [P1, P2], outcomes: { [P1.address]: [error] } });
    await expect(new FailfastCluster().invoke(context)).rejects.toBe(error);
    expect(context.attempts).toEqual([P1]);
  });

  it('fails with code 6 without providers', async () => {
    await expect(new FailfastCluster().invoke(fakeContext({ providers: [], outcomes: {} }))).rejects.toThrow(
      /NO_INVOKER_AVAILABLE_AFTER_FILTER/,
    );
  });
});

describe('FailsafeCluster', () => {
  it('resolves undefined on failure and reports the error through onSwallowed', async () => {
    const error = unavailable();
    const context = fakeContext({ providers: [P1, P2], outcomes: { [P1.address]: [error] } });
    await expect(new FailsafeCluster().invoke(context)).resolves.toBeUndefined();
    expect(context.swallowed).toEqual([error]);
  });

  it('returns the result on success', async () => {
    const context = fakeContext({ providers: [P1], outcomes: { [P1.address]: ['ok'] } });
    await expect(new FailsafeCluster().invoke(context)).resolves.toBe('ok');
    expect(context.swallowed).toEqual([]);
  });

  it('swallows "no provider" too, as Java', async () => {
    const context = fakeContext({ providers: [], outcomes: {} });
    await expect(new FailsafeCluster().invoke(context)).resolves.toBeUndefined();
    expect(String(context.swallowed[0])).toMatch(/NO_INVOKER_AVAILABLE_AFTER_FILTER/);
  });

  it('lets a business exception through: it is the provider’s answer', async () => {
    const biz = new JavaException('org.demo.Invalid', 'bad name');
    const context = fakeContext({ providers: [P1], outcomes: { [P1.address]: [biz] } });
    await expect(new FailsafeCluster().invoke(context)).rejects.toBe(biz);
  });

  it('emits a process warning when no onSwallowed hook is given', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const context = fakeContext({
      providers: [P1],
      outcomes: { [P1.address]: [unavailable()] },
      withoutSwallowHook: true,
    });
    await new FailsafeCluster().invoke(context);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^failsafe: org\.demo\.Greeter\.greet failed and was ignored/),
      {
        type: 'DubboMeshClusterWarning',
        code: 'DUBBO_MESH_FAILSAFE',
      },
    );
  });
});

describe('AvailableCluster', () => {
  it('calls the first provider without asking the balancer', async () => {
    const context = fakeContext({ providers: [P2, P1, P4], outcomes: { [P2.address]: ['first'] } });
    context.select = () => {
      throw new Error('available does not balance');
    };
    await expect(new AvailableCluster().invoke(context)).resolves.toBe('first');
    expect(context.attempts).toEqual([P2]);
  });

  it('fails with code 6 without providers', async () => {
    await expect(new AvailableCluster().invoke(fakeContext({ providers: [], outcomes: {} }))).rejects.toThrow(
      /NO_INVOKER_AVAILABLE_AFTER_FILTER/,
    );
  });
});

describe('clusterStrategies', () => {
  it('registers every strategy of governance.md §6 under its name', () => {
    expect(clusterStrategies.names()).toEqual([
      'available',
      'broadcast',
      'failback',
      'failfast',
      'failover',
      'failsafe',
      'forking',
    ]);
    for (const name of clusterStrategies.names()) expect(clusterStrategies.get(name)().name).toBe(name);
  });
});
