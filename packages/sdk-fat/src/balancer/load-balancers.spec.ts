import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Provider } from '../provider/provider.js';
import { ProviderSet } from '../provider/provider-set.js';
import { makeProvider } from '../provider/provider-url.js';
import { providerIdentity } from './call-stats.js';
import { invocation, P1, P2, P3, P4 } from './greeter-providers.fixture.js';
import { loadBalancers } from './load-balancers.js';
import { noRandomness, seededRandom } from './seeded-random.fixture.js';

const NAMES = ['random', 'roundrobin', 'leastactive', 'shortestresponse', 'consistenthash', 'p2c'];

/**
 * Providers that count every property read, to check that a pick walks no provider list: after the
 * first pick of a set, nothing of any provider may be read again (identities are cached by object).
 */
function countingProviders(count: number): { providers: Provider[]; reads: () => number; reset: () => void } {
  let reads = 0;
  const providers = Array.from({ length: count }, (_, i) => {
    const plain = makeProvider('tri', `10.2.${i >> 8}.${i & 255}`, 50051, 'org.demo.Greeter', {
      weight: String(100 + (i % 3) * 100),
    });
    return new Proxy(plain, {
      get(target, key, receiver) {
        reads++;
        return Reflect.get(target, key, receiver);
      },
    });
  });
  return {
    providers,
    reads: () => reads,
    reset: () => {
      reads = 0;
    },
  };
}

describe('loadBalancers', () => {
  it('registers every balancer of governance.md §5, by name', () => {
    expect(loadBalancers.names()).toEqual([...NAMES, 'consistenthashing'].sort());
    expect(() => loadBalancers.get('nope')).toThrow(/unknown load balancer "nope"/);
  });

  it.each(NAMES)('%s returns the only provider of a one-element set without randomness', (name) => {
    const balancer = loadBalancers.get(name)({ now: () => 0, random: noRandomness });
    expect(balancer.pick(new ProviderSet([P3]), invocation('greet', ['k']))).toBe(P3);
  });

  it.each(NAMES)('%s does no work per provider once a set has been seen (performance contract)', (name) => {
    const { providers, reads, reset } = countingProviders(1_000);
    const set = new ProviderSet(providers);
    const balancer = loadBalancers.get(name)({ now: () => 1_000, random: seededRandom(7) });
    const call = invocation('greet', ['user']);
    balancer.pick(set, call);
    // P2C learns identities lazily, two providers per pick: that is O(1), so warm them first.
    for (const p of providers) providerIdentity(p);
    reset();
    for (let i = 0; i < 200; i++) {
      const picked = balancer.pick(set, invocation('greet', [`user-${i}`]));
      balancer.onStart?.(picked, call);
      balancer.onEnd?.(picked, call, { ok: true, elapsedMs: i % 7 });
    }
    expect(reads()).toBe(0);
  });

  it.each(NAMES)('%s never picks outside the set, whatever the weights and calls (property)', (name) => {
    const base = [P1, P2, P3, P4];
    fc.assert(
      fc.property(
        fc.subarray([0, 1, 2, 3], { minLength: 1 }),
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 4, maxLength: 4 }),
        fc.integer(),
        fc.array(fc.string(), { minLength: 1, maxLength: 30 }),
        (members, weights, seed, args) => {
          const chosen = members.map((i) =>
            makeProvider(base[i]!.protocol, base[i]!.host, base[i]!.port, base[i]!.path, {
              ...base[i]!.params,
              weight: String(weights[i]),
            }),
          );
          const set = new ProviderSet(chosen);
          const balancer = loadBalancers.get(name)({ now: () => 0, random: seededRandom(seed) });
          for (const arg of args) {
            const call = invocation('greet', [arg]);
            const picked = balancer.pick(set, call);
            expect(set.has(picked)).toBe(true);
            balancer.onStart?.(picked, call);
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
