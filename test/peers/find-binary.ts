import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Debian puts nginx and haproxy in /usr/sbin, which a non-login PATH may lack. */
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin'];

/** Absolute path of an executable named `name` on PATH (or an sbin dir), or undefined. */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_DIRS];
  for (const dir of dirs) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Like findBinary, but throws an error telling how to install the package. */
export function requireBinary(name: string, aptPackage: string): string {
  const path = findBinary(name);
  if (path === undefined) {
    throw new Error(`${name} is not installed; run: apt-get install -y ${aptPackage}`);
  }
  return path;
}
