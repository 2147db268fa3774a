import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temporary directory for a file registry (cli.md "File registry format") and rule files. */
export interface FatFiles {
  readonly dir: string;
  /** `file:/abs/providers.yaml`, for `--registry`. */
  readonly registry: string;
  /** Writes `providers.yaml` listing these URLs. */
  writeProviders(urls: readonly string[]): void;
  /** Writes a file (`name` may hold subdirectories) and returns its absolute path. */
  write(name: string, text: string): string;
  remove(): void;
}

export function makeFatFiles(): FatFiles {
  const dir = mkdtempSync(join(tmpdir(), 'dm-cli-fat-'));
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  return {
    dir,
    registry: `file:${join(dir, 'providers.yaml')}`,
    writeProviders: (urls) => {
      write('providers.yaml', `providers:\n${urls.map((url) => `  - ${url}\n`).join('')}`);
    },
    write,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A condition rule document (governance.md §3.3) for the service, with the given conditions. */
export function conditionRule(service: string, conditions: readonly string[], force = false): string {
  return [
    'configVersion: v3.0',
    'scope: service',
    `key: "${service}::"`,
    `force: ${force}`,
    'conditions:',
    ...conditions.map((condition) => `  - "${condition}"`),
    '',
  ].join('\n');
}
