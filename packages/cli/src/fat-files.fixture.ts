import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary directory holding a file registry and rule files, for in-process specs of Fat commands. */
export interface FatFixture {
  readonly dir: string;
  /** `file:<dir>/providers.yaml`. */
  readonly registry: string;
  write(name: string, text: string): string;
  remove(): void;
}

export function makeFatFixture(providers: readonly string[]): FatFixture {
  const dir = mkdtempSync(join(tmpdir(), 'dm-cli-fat-spec-'));
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  write('providers.yaml', `providers:\n${providers.map((url) => `  - ${url}\n`).join('')}`);
  return {
    dir,
    registry: `file:${join(dir, 'providers.yaml')}`,
    write,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
