import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const src = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'otel' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

it('keeps @opentelemetry/* out of the main entry: only src/otel imports it (an optional peer)', () => {
  const offenders = sources(src).filter((file) => /from '@opentelemetry\//.test(readFileSync(file, 'utf8')));
  expect(offenders.map((file) => relative(src, file))).toEqual([]);
});
