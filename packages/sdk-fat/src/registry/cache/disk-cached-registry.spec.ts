import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceKey } from '@dubbo-mesh/sdk-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Provider } from '../../provider/provider.js';
import { parseProviderUrl } from '../../provider/provider-url.js';
import type { Registry, RegistryNotice } from '../registry.js';
import { DiskCachedRegistry } from './disk-cached-registry.js';
import { ProviderDiskCache } from './provider-disk-cache.js';

type Listener = (providers: readonly Provider[], notice: RegistryNotice) => void;

class FakeRegistry implements Registry {
  listener: Listener | undefined;
  subscribe(_key: ServiceKey, listener: Listener) {
    this.listener = listener;
    return () => undefined;
  }
  async close() {}
}

const KEY = { serviceName: 'org.demo.Greeter' };
const P1 = parseProviderUrl('tri://10.0.0.1:50051/org.demo.Greeter') as Provider;

/** A reachability probe the test answers by hand. */
function probe(): {
  check: (timeoutMs: number) => Promise<boolean>;
  answer: (reached: boolean) => void;
  asked: number[];
} {
  const asked: number[] = [];
  let answer: (reached: boolean) => void = () => undefined;
  return {
    asked,
    check: (timeoutMs) => {
      asked.push(timeoutMs);
      return new Promise((resolve) => {
        answer = resolve;
      });
    },
    answer: (reached) => answer(reached),
  };
}

async function until(condition: () => boolean): Promise<void> {
  // Up to 5 s: the cache is read from disk, which a loaded CI machine can make slow.
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Long enough for a cache read to have landed had one been started. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('DiskCachedRegistry', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dm-cached-spec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('saves live lists, and serves them as `cache` to a subscriber when the server is unreachable', async () => {
    const cache = new ProviderDiskCache(dir, 'shop-web');
    const first = new FakeRegistry();
    const reach = probe();
    new DiskCachedRegistry(first, cache, reach.check, 700).subscribe(KEY, () => undefined);
    first.listener?.([P1], { source: 'live', skipped: [] });
    reach.answer(true);
    await cache.flush();

    const second = new FakeRegistry();
    const down = probe();
    const seen: { hosts: string[]; source: string }[] = [];
    new DiskCachedRegistry(second, cache, down.check, 700).subscribe(KEY, (providers, notice) =>
      seen.push({ hosts: providers.map((p) => p.host), source: notice.source }),
    );
    expect(down.asked).toEqual([700]);
    down.answer(false);
    await until(() => seen.length > 0);
    expect(seen).toEqual([{ hosts: ['10.0.0.1'], source: 'cache' }]);
    second.listener?.([], { source: 'live', skipped: [] });
    expect(seen.at(-1)).toEqual({ hosts: [], source: 'live' });
  });

  it('serves nothing from the cache once a live list arrived, or when the server is reachable', async () => {
    const cache = new ProviderDiskCache(dir, 'shop-web');
    cache.write(KEY, [P1]);
    await cache.flush();
    const inner = new FakeRegistry();
    const reach = probe();
    const seen: string[] = [];
    new DiskCachedRegistry(inner, cache, reach.check, 1).subscribe(KEY, (_p, notice) =>
      seen.push(notice.source),
    );
    inner.listener?.([], { source: 'live', skipped: [] });
    reach.answer(false);
    await settle();
    expect(seen).toEqual(['live']);

    const other = probe();
    const quiet: string[] = [];
    new DiskCachedRegistry(new FakeRegistry(), cache, other.check, 1).subscribe(KEY, (_p, notice) =>
      quiet.push(notice.source),
    );
    other.answer(true);
    await settle();
    expect(quiet).toEqual([]);
  });
});
