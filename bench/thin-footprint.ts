/**
 * Footprint of importing the Thin client against @grpc/grpc-js (sdk-thin issue; performance suite
 * item 7): import time and heap growth, each measured in a fresh `node` process, 7 times, medians.
 * The measurement is bench/footprint/import-footprint.ts, which the suite's `footprint` scenario runs too.
 *
 * Run: pnpm bench:thin-footprint
 */
import { IMPORT_CANDIDATES, measureImports } from './footprint/import-footprint.js';

const RUNS = 7;

const rows = await measureImports(RUNS, (line) => process.stderr.write(`${line}\r`));
process.stderr.write('\n');
const ours = rows['sdk-thin (ours)']!;
const grpc = rows['@grpc/grpc-js']!;
console.log(`Import footprint, Node ${process.version}, ${RUNS} fresh processes each, medians`);
console.log('| module | import ms | heap after import (KiB) |');
console.log('|---|---:|---:|');
for (const name of Object.keys(IMPORT_CANDIDATES)) {
  const row = rows[name]!;
  console.log(`| ${name} | ${row.importMs.toFixed(1)} | ${row.heapKiB.toFixed(0)} |`);
}
console.log(
  `ratio ours / @grpc/grpc-js: import time ${(ours.importMs / grpc.importMs).toFixed(2)}, heap ${(ours.heapKiB / grpc.heapKiB).toFixed(2)}`,
);
