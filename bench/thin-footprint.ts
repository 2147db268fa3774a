/**
 * Footprint of importing the Thin client against @grpc/grpc-js (sdk-thin issue; performance suite
 * item 7): import time and heap growth, each measured in a fresh `node` process so module caches
 * never help, several times, medians. sdk-thin is imported from its built dist (`pnpm build` first).
 *
 * Run: pnpm bench:thin-footprint
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 7;

const candidates = {
  'sdk-thin (ours)': `${root}packages/sdk-thin/dist/esm/index.js`,
  '@grpc/grpc-js': '@grpc/grpc-js',
} as const;

/** One fresh process: time the dynamic import and the heap it leaves after a full GC. */
function measureOnce(specifier: string): { importMs: number; heapKiB: number; modules: number } {
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
  const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(out) as { importMs: number; heapKiB: number; modules: number };
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const rows: Record<string, { importMs: number; heapKiB: number }> = {};
for (const [name, specifier] of Object.entries(candidates)) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    process.stderr.write(`${name}: run ${i + 1}/${RUNS}\r`);
    runs.push(measureOnce(specifier));
  }
  rows[name] = { importMs: median(runs.map((r) => r.importMs)), heapKiB: median(runs.map((r) => r.heapKiB)) };
}
process.stderr.write('\n');

const ours = rows['sdk-thin (ours)']!;
const grpc = rows['@grpc/grpc-js']!;
console.log(`Import footprint, Node ${process.version}, ${RUNS} fresh processes each, medians`);
console.log('| module | import ms | heap after import (KiB) |');
console.log('|---|---:|---:|');
for (const [name, row] of Object.entries(rows)) {
  console.log(`| ${name} | ${row.importMs.toFixed(1)} | ${row.heapKiB.toFixed(0)} |`);
}
console.log(
  `ratio ours / @grpc/grpc-js: import time ${(ours.importMs / grpc.importMs).toFixed(2)}, heap ${(ours.heapKiB / grpc.heapKiB).toFixed(2)}`,
);
