import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Directories made by {@link tempSocketPath}; {@link releaseSocketPath} removes only these. */
const ownedDirs = new Set<string>();
let exitHookInstalled = false;

/** A run interrupted between tempSocketPath() and close() would otherwise leave directories behind. */
function removeOwnedDirsOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const dir of ownedDirs) rmSync(dir, { recursive: true, force: true });
  });
}

/** Linux limits `sun_path` to 108 bytes including the NUL. */
const MAX_SOCKET_PATH_BYTES = 107;

/**
 * A socket path in a fresh mkdtemp directory under os.tmpdir(). The name is kept short because
 * UDS paths are limited to 107 bytes.
 */
export function tempSocketPath(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dm-'));
  removeOwnedDirsOnExit();
  ownedDirs.add(dir);
  const path = join(dir, name);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
    rmSync(dir, { recursive: true, force: true });
    ownedDirs.delete(dir);
    throw new RangeError(`socket path ${path} is longer than ${MAX_SOCKET_PATH_BYTES} bytes`);
  }
  return path;
}

/**
 * Removes a socket file; if {@link tempSocketPath} made its directory, removes the directory too.
 * Peers call this from close(), so a test that only calls close() leaves nothing behind.
 */
export function releaseSocketPath(path: string): void {
  rmSync(path, { force: true });
  const dir = dirname(path);
  if (ownedDirs.delete(dir)) rmSync(dir, { recursive: true, force: true });
}
