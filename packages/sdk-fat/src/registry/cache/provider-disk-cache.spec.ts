import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseProviderUrl } from '../../provider/provider-url.js';
import { ProviderDiskCache } from './provider-disk-cache.js';

function url(text: string) {
  const parsed = parseProviderUrl(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

const KEY = { serviceName: 'org.demo.Greeter', version: '1.0.0', group: 'blue' };
const P1 = url('tri://10.0.0.1:50051/org.demo.Greeter?version=1.0.0&group=blue&region=hz');
const P2 = url('tri://10.0.0.2:50051/org.demo.Greeter?version=1.0.0&group=blue&region=sh');

describe('ProviderDiskCache', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dm-cache-spec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes <dir>/<app>/<service-key>.json and reads it back', async () => {
    const cache = new ProviderDiskCache(dir, 'shop-web', { now: () => 1234 });
    cache.write(KEY, [P1, P2]);
    await cache.flush();
    const file = cache.fileOf(KEY);
    expect(file).toBe(join(dir, 'shop-web', 'blue%2Forg.demo.Greeter%3A1.0.0.json'));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      service: 'blue/org.demo.Greeter:1.0.0',
      savedAt: 1234,
      providers: [P1.url, P2.url],
    });
    const read = await cache.read(KEY);
    expect(read?.providers).toEqual([P1, P2]);
    expect(read?.skipped).toEqual([]);
  });

  it('keeps the last of several quick writes and leaves no temporary files', async () => {
    const cache = new ProviderDiskCache(dir, 'shop-web');
    cache.write(KEY, [P1, P2]);
    cache.write(KEY, [P2]);
    cache.write(KEY, []);
    cache.write(KEY, [P1]);
    await cache.flush();
    expect((await cache.read(KEY))?.providers).toEqual([P1]);
    expect(readdirSync(dirname(cache.fileOf(KEY)))).toEqual(['blue%2Forg.demo.Greeter%3A1.0.0.json']);
  });

  it('reads nothing for a missing or broken file, and skips broken entries', async () => {
    const cache = new ProviderDiskCache(dir, 'shop-web');
    expect(await cache.read(KEY)).toBeUndefined();
    cache.write(KEY, [P1]);
    await cache.flush();
    writeFileSync(cache.fileOf(KEY), '{"providers": ["nope", 7, "tri://10.0.0.1:50051/x"]}');
    const read = await cache.read(KEY);
    expect(read?.providers.map((p) => p.address)).toEqual(['10.0.0.1:50051']);
    expect(read?.skipped.map((s) => s.entry)).toEqual(['nope', '7']);
    writeFileSync(cache.fileOf(KEY), '{"providers": ');
    expect(await cache.read(KEY)).toBeUndefined();
  });

  it('reports a write that fails instead of throwing', async () => {
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'x');
    const errors: Error[] = [];
    const cache = new ProviderDiskCache(blocker, 'shop-web', { onError: (error) => errors.push(error) });
    cache.write(KEY, [P1]);
    await cache.flush();
    expect(errors[0]?.message).toMatch(/cannot write provider cache/);
  });
});
