import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** sdk-thin's exports, typed from its sources; at run time they come from what `loadSdkThin` loads. */
export type SdkThin = typeof import('../../packages/sdk-thin/src/index.js');

const PACKAGE_DIR = fileURLToPath(new URL('../../packages/sdk-thin/', import.meta.url));

/** The file `import '@dubbo-mesh/sdk-thin'` loads: the package's `exports` decide (dist or a bundle). */
function builtEntry(): string {
  const manifest: unknown = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));
  const dot: unknown =
    typeof manifest === 'object' && manifest !== null ? Reflect.get(manifest, 'exports') : undefined;
  const root: unknown = typeof dot === 'object' && dot !== null ? Reflect.get(dot, '.') : undefined;
  const esm: unknown = typeof root === 'object' && root !== null ? Reflect.get(root, 'import') : undefined;
  const entry: unknown =
    typeof esm === 'string'
      ? esm
      : typeof esm === 'object' && esm !== null
        ? Reflect.get(esm, 'default')
        : undefined;
  if (typeof entry !== 'string') throw new Error('packages/sdk-thin/package.json has no exports["."].import');
  return join(PACKAGE_DIR, entry);
}

/**
 * Loads @dubbo-mesh/sdk-thin as a user's app would, from its built entry (sources when this process
 * runs with `--conditions=source`). The bench package does not depend on sdk-thin, so the name does
 * not resolve from here: the package's own manifest names the file instead.
 */
export async function loadSdkThin(): Promise<SdkThin> {
  const fromSource = process.execArgv.some((flag) => flag.includes('conditions=source'));
  const file = fromSource ? join(PACKAGE_DIR, 'src', 'index.ts') : builtEntry();
  const module: SdkThin = await import(pathToFileURL(file).href);
  return module;
}
