import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegistryNotice } from '../registry.js';
import { FileRegistry, fileRegistryPath } from './file-registry.js';

const A = 'tri://127.0.0.1:50051/org.demo.Greeter?version=1.0.0&region=hz';
const B = 'tri://127.0.0.1:50052/org.demo.Greeter?version=1.0.0&region=sh';
const OTHER = 'tri://127.0.0.1:50053/org.demo.Other?version=1.0.0';

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 250 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('FileRegistry', () => {
  let dir: string;
  let file: string;
  const open: FileRegistry[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dm-file-registry-'));
    file = join(dir, 'providers.yaml');
    writeFileSync(file, `providers:\n  - ${A}\n  - ${OTHER}\n`);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((r) => r.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  function registry(errors: Error[] = []): FileRegistry {
    const created = new FileRegistry(file, { debounceMs: 20, onError: (error) => errors.push(error) });
    open.push(created);
    return created;
  }

  it('takes file: URLs, absolute or relative', () => {
    expect(fileRegistryPath('file:/etc/providers.yaml')).toBe('/etc/providers.yaml');
    expect(fileRegistryPath('file:///etc/providers.yaml')).toBe('/etc/providers.yaml');
    expect(fileRegistryPath('file:providers.yaml')).toBe(resolve('providers.yaml'));
    expect(() => fileRegistryPath('file:')).toThrow(/not a file registry URL/);
  });

  it('notifies the matching providers, then each edit, whether written in place or renamed over', async () => {
    const seen: { urls: string[]; notice: RegistryNotice }[] = [];
    registry().subscribe({ serviceName: 'org.demo.Greeter', version: '1.0.0' }, (providers, notice) =>
      seen.push({ urls: providers.map((p) => p.url), notice }),
    );
    await until(() => seen.length === 1, 'the first notification');
    expect(seen[0]).toEqual({ urls: [A], notice: { source: 'live', discovery: 'file', skipped: [] } });

    writeFileSync(file, `providers:\n  - ${A}\n  - ${B}\n`);
    await until(() => seen.at(-1)?.urls.length === 2, 'the in-place edit');
    const replacement = join(dir, '.providers.yaml.swp');
    writeFileSync(replacement, `providers:\n  - ${B}\n`);
    renameSync(replacement, file);
    await until(() => seen.at(-1)?.urls.join() === B, 'the renamed edit');
  });

  it('reports a broken edit and keeps the previous list; a repaired file takes effect', async () => {
    const errors: Error[] = [];
    const seen: string[][] = [];
    registry(errors).subscribe({ serviceName: 'org.demo.Greeter', version: '1.0.0' }, (providers) =>
      seen.push(providers.map((p) => p.address)),
    );
    await until(() => seen.length === 1, 'the first notification');
    writeFileSync(file, 'providers: [\n');
    await until(() => errors.length === 1, 'the error');
    expect(errors[0]?.message).toMatch(/providers\.yaml, line \d+: invalid YAML/);
    expect(seen).toEqual([['127.0.0.1:50051']]);
    writeFileSync(file, `providers:\n  - ${B}\n`);
    await until(() => seen.length === 2, 'the repaired file');
    expect(seen[1]).toEqual(['127.0.0.1:50052']);
  });

  it('does not notify again when the text did not change', async () => {
    const seen: number[] = [];
    const r = registry();
    r.subscribe({ serviceName: 'org.demo.Greeter', version: '1.0.0' }, (providers) =>
      seen.push(providers.length),
    );
    await until(() => seen.length === 1, 'the first notification');
    writeFileSync(file, `providers:\n  - ${A}\n  - ${OTHER}\n`);
    await r.reload();
    expect(seen).toEqual([1]);
  });

  it('refuses to start on a missing or broken file', () => {
    expect(() => new FileRegistry(join(dir, 'missing.yaml'))).toThrow(/cannot read provider file/);
    writeFileSync(file, 'providers: 3\n');
    expect(() => new FileRegistry(file)).toThrow(/key providers/);
  });
});
