// Bundles the ESM build of the packages on the Thin client's import path, after `tsc -b`: Node's ESM
// loader pays per file (resolve, read, parse, link), and sdk-thin pulled in about 85 of them. Each
// entry point of a package (every `exports` key with a `source`) is rewritten in place
// (dist/esm/index.js, dist/esm/otel/index.js, ...) as one file, with modules that several entries
// share split into dist/esm/chunks/, so every module still exists once per process. Other packages
// (@dubbo-mesh/* and npm dependencies) stay imports, so there is one copy of each package. The .d.ts
// files stay as tsc wrote them; the CommonJS build is bundled too where a package has one entry point. bench/README.md, "Hot path", has the numbers.
//
// Run by `pnpm build` (and `pnpm bench:unary`); alone: node scripts/bundle.mjs [package ...]
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const DEFAULT_PACKAGES = ['codec-triple', 'sdk-core', 'sdk-thin'];

/** The source file of every entry point the package exports. */
function entryPointsOf(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const entries = [];
  for (const target of Object.values(manifest.exports ?? {})) {
    if (typeof target === 'object' && target !== null && typeof target.source === 'string') {
      entries.push(join(dir, target.source));
    }
  }
  return entries;
}

const COMMON = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Every bare import (other workspace packages, npm dependencies, node: built-ins) stays an import.
  packages: 'external',
  // Class and function names show in errors and logs (RpcError, JavaException): keep them.
  keepNames: true,
  sourcemap: true,
  logLevel: 'warning',
};

async function bundle(name) {
  const dir = join('packages', name);
  const entryPoints = entryPointsOf(dir);
  if (entryPoints.length === 0) throw new Error(`${dir}/package.json exports no "source" entry point`);
  const tsconfig = join(dir, 'tsconfig.json');
  const esm = join(dir, 'dist', 'esm');
  rmSync(join(esm, 'chunks'), { recursive: true, force: true });
  await build({
    ...COMMON,
    entryPoints,
    outbase: join(dir, 'src'),
    outdir: esm,
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    format: 'esm',
    tsconfig,
  });
  // CommonJS has no shared chunks: a package with several entry points would get a copy of their
  // shared modules in each, so only single-entry packages are bundled for `require` too.
  if (entryPoints.length === 1) {
    await build({
      ...COMMON,
      entryPoints,
      outfile: join(dir, 'dist', 'cjs', 'index.js'),
      format: 'cjs',
      tsconfig,
    });
  }
}

const names = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_PACKAGES;
for (const name of names) await bundle(name);
