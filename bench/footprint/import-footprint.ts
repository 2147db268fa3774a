/**
 * Import footprint of a module (sdk-thin issue; suite item 7a): the time of a dynamic `import()` and
 * the heap it leaves after a full GC, each measured in a fresh `node` process so module caches never
 * help, several times, medians. sdk-thin is imported from its built entry (`pnpm build` first).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from '../harness/stats.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The modules compared: ours (built dist) and the peer, by the label the report shows. */
export const IMPORT_CANDIDATES = {
  'sdk-thin (ours)': `${ROOT}packages/sdk-thin/dist/esm/index.js`,
  '@grpc/grpc-js': '@grpc/grpc-js',
} as const;

/** One fresh process's numbers. */
export interface ImportFootprint {
  readonly importMs: number;
  readonly heapKiB: number;
  /** CommonJS modules in the require cache afterwards (ESM modules are not listed there). */
  readonly modules: number;
}

/** One fresh process: time the dynamic import and the heap it leaves after a full GC. */
export function measureImportOnce(specifier: string): Promise<ImportFootprint> {
  const script = `
    globalThis.gc(); const heap0 = process.memoryUsage().heapUsed;
    const t0 = process.hrtime.bigint();
    await import(${JSON.stringify(specifier)});
    const t1 = process.hrtime.bigint();
    globalThis.gc(); const heap1 = process.memoryUsage().heapUsed;
    const { createRequire } = await import('node:module');
    const modules = Object.keys(createRequire(import.meta.url).cache).length;
    console.log(JSON.stringify({ importMs: Number(t1 - t0) / 1e6, heapKiB: (heap1 - heap0) / 1024, modules }));
  `;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--input-type=module', '-e', script],
      { cwd: ROOT, encoding: 'utf8' },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout) as ImportFootprint)),
    );
  });
}

/**
 * Medians over `runs` fresh processes per candidate, label → numbers. Runs alternate the candidates
 * (ours, peer, ours, ...) so a burst of load on the machine hits both alike.
 */
export async function measureImports(
  runs: number,
  progress?: (line: string) => void,
): Promise<Record<string, ImportFootprint>> {
  const samples = new Map<string, ImportFootprint[]>();
  for (let i = 0; i < runs; i++) {
    for (const [name, specifier] of Object.entries(IMPORT_CANDIDATES)) {
      progress?.(`import ${name}: run ${i + 1}/${runs}`);
      samples.set(name, [...(samples.get(name) ?? []), await measureImportOnce(specifier)]);
    }
  }
  return Object.fromEntries(
    [...samples].map(([name, list]) => [
      name,
      {
        importMs: median(list.map((r) => r.importMs)),
        heapKiB: median(list.map((r) => r.heapKiB)),
        modules: median(list.map((r) => r.modules)),
      },
    ]),
  );
}
