import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Provider } from '../provider/provider.js';
import { ProviderSet } from '../provider/provider-set.js';
import { ConsistentHashBalancer } from './consistent-hash-balancer.js';
import {
  ConsistentHashRing,
  hashKey,
  keyPoint,
  parseHashArguments,
  providerPoints,
} from './consistent-hash-ring.js';
import { invocation, P1, P2, P3, P4, provider } from './greeter-providers.fixture.js';
import { loadBalancers } from './load-balancers.js';

/** Java's `ConsistentHashSelector.hash(digest, number)`, transcribed byte by byte. */
function javaHash(digest: Buffer, number: number): number {
  return (
    (((digest[3 + number * 4]! & 0xff) << 24) |
      ((digest[2 + number * 4]! & 0xff) << 16) |
      ((digest[1 + number * 4]! & 0xff) << 8) |
      (digest[number * 4]! & 0xff)) >>>
    0
  );
}

/** Java's ring for some addresses: TreeMap<Long, address>, later puts win. */
function javaRing(addresses: readonly string[], replicaNumber: number): Map<number, string> {
  const ring = new Map<number, string>();
  for (const address of addresses) {
    for (let i = 0; i < Math.trunc(replicaNumber / 4); i++) {
      const digest = createHash('md5').update(`${address}${i}`).digest();
      for (let h = 0; h < 4; h++) ring.set(javaHash(digest, h), address);
    }
  }
  return ring;
}

const all = new ProviderSet([P1, P2, P3, P4]);
const balancer = new ConsistentHashBalancer();
const pickFor = (set: ProviderSet, arg: unknown): Provider => balancer.pick(set, invocation('greet', [arg]));

describe('consistent hash ring', () => {
  it('places md5("10.0.0.1:50051" + i) points as Java does (governance.md §9.15)', () => {
    // md5("10.0.0.1:500510") = 0f57592934cccfb6083bba28024d9a1d → four little-endian uint32s.
    expect(providerPoints('10.0.0.1:50051', 160).slice(0, 4)).toEqual([
      693720847, 3067071540, 683293448, 496651522,
    ]);
    expect(keyPoint('hello')).toBe(0x2a40415d); // md5("hello") = 5d41402a...
  });

  it('equals Java’s TreeMap ring for the §9 providers', () => {
    const addresses = all.providers.map((p) => p.address);
    const ring = ConsistentHashRing.build(addresses, 160);
    const expected = javaRing(addresses, 160);
    const sorted = [...expected.keys()].sort((a, b) => a - b);
    expect([...ring.points]).toEqual(sorted);
    expect([...ring.owners].map((o) => addresses[o])).toEqual(sorted.map((point) => expected.get(point)));
    expect(ring.points.length).toBe(640);
  });

  it('finds the ceiling point and wraps past the last one', () => {
    const ring = ConsistentHashRing.build(['a:1', 'b:2'], 4);
    const first = ring.points[0]!;
    const last = ring.points[ring.points.length - 1]!;
    expect(ring.locate(first)).toBe(ring.owners[0]);
    expect(ring.locate(first + 1)).toBe(ring.owners[1]);
    expect(ring.locate(last + 1)).toBe(ring.owners[0]);
  });
});

describe('ConsistentHashBalancer', () => {
  it('sends the same argument to the same provider every time', () => {
    for (const arg of ['alice', 'bob', 42, null]) {
      const first = pickFor(all, arg);
      for (let i = 0; i < 20; i++) expect(pickFor(all, arg)).toBe(first);
    }
  });

  it('spreads different arguments over every provider', () => {
    const used = new Set(Array.from({ length: 400 }, (_, i) => pickFor(all, `user-${i}`)));
    expect(used).toEqual(new Set([P1, P2, P3, P4]));
  });

  it('moves only the keys of a removed provider', () => {
    const without = new ProviderSet([P1, P3, P4]);
    let moved = 0;
    for (let i = 0; i < 2_000; i++) {
      const before = pickFor(all, `key-${i}`);
      const after = pickFor(without, `key-${i}`);
      if (before === P2) moved++;
      else expect(after).toBe(before);
    }
    expect(moved).toBeGreaterThan(0);
  });

  it('picks the owner of md5(String(args[0])) point 0, like Java', () => {
    const addresses = all.providers.map((p) => p.address);
    const java = javaRing(addresses, 160);
    const sorted = [...java.keys()].sort((a, b) => a - b);
    for (const arg of ['alice', 7, 'x'.repeat(100)]) {
      const point = javaHash(createHash('md5').update(String(arg)).digest(), 0);
      const ceiling = sorted.find((p) => p >= point) ?? sorted[0]!;
      expect(pickFor(all, arg).address).toBe(java.get(ceiling));
    }
  });

  it('hashes the arguments named by hash.arguments, and hash.nodes virtual nodes', () => {
    const a = provider('tri://10.0.0.21:50051/org.demo.Greeter?hash.arguments=1&greet.hash.nodes=8');
    const b = provider('tri://10.0.0.22:50051/org.demo.Greeter');
    const set = new ProviderSet([a, b]);
    const picks = new Set(
      Array.from({ length: 50 }, (_, i) => balancer.pick(set, invocation('greet', [i, 'same']))),
    );
    expect(picks.size).toBe(1);
    const expected = javaRing([a.address, b.address], 8);
    const sorted = [...expected.keys()].sort((x, y) => x - y);
    const point = keyPoint('same');
    expect(balancer.pick(set, invocation('greet', [0, 'same'])).address).toBe(
      expected.get(sorted.find((p) => p >= point) ?? sorted[0]!),
    );
  });

  it('is registered as consistenthash and as dubbo-go’s consistenthashing', () => {
    const context = { now: () => 0, random: () => 0 };
    const go = loadBalancers.get('consistenthashing')(context);
    expect(go.pick(all, invocation('greet', ['alice']))).toBe(pickFor(all, 'alice'));
  });
});

describe('hash key', () => {
  it('concatenates String(args[i]) over the indexes, skipping missing ones, null as "null"', () => {
    expect(hashKey(['a', 1, null], [0, 1, 2, 5])).toBe('a1null');
    expect(hashKey(undefined, [0])).toBe('');
  });

  it('parses hash.arguments with spaces around commas (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(',', ' , ', ',,'),
        (indexes, sep) => {
          expect(parseHashArguments(indexes.join(sep))).toEqual(indexes);
        },
      ),
    );
    expect(parseHashArguments(undefined)).toEqual([0]);
    expect(parseHashArguments('0,x,2')).toEqual([0, 2]);
  });
});
