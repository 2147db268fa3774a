import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The packages a unary call runs through; their dist must be built from the current sources. */
const PACKAGES = ['codec-triple', 'sdk-core'] as const;

function newestSource(dir: string): { file: string; mtimeMs: number } {
  let newest = { file: '', mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.spec.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    const { mtimeMs } = statSync(file);
    if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  }
  return newest;
}

/**
 * Names the first package whose built dist is older than one of its sources, or returns undefined
 * when every dist is current. Only file times are compared: `tsc -b` is the judge of the rest.
 */
export function staleDist(repoRoot: string): string | undefined {
  for (const name of PACKAGES) {
    const pkg = join(repoRoot, 'packages', name);
    let built: number;
    try {
      built = statSync(join(pkg, 'dist', 'esm.tsbuildinfo')).mtimeMs;
    } catch {
      return `packages/${name} has no dist`;
    }
    const newest = newestSource(join(pkg, 'src'));
    if (newest.mtimeMs > built) return `${newest.file} is newer than packages/${name}/dist`;
  }
  return undefined;
}

export interface SourceState {
  commit: string;
  /** `git status --porcelain` of packages/: uncommitted changes the measured code includes. */
  uncommittedInPackages: string[];
}

export function sourceState(repoRoot: string): SourceState {
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    return {
      commit: git('rev-parse', '--short', 'HEAD').trim(),
      uncommittedInPackages: git('status', '--porcelain', '--', 'packages/codec-triple', 'packages/sdk-core')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    };
  } catch {
    return { commit: 'unknown', uncommittedInPackages: [] };
  }
}
