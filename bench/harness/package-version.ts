import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The installed version of a root dev dependency, `unknown` when it cannot be read. */
export function packageVersion(name: string): string {
  try {
    const json: unknown = JSON.parse(
      readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8'),
    );
    const version: unknown =
      typeof json === 'object' && json !== null ? Reflect.get(json, 'version') : undefined;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
