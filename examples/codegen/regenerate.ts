/**
 * Regenerates examples/codegen/generated/ with `dubbo-mesh gen`, exactly as a user would run it:
 * `pnpm exec tsx --conditions=source examples/codegen/regenerate.ts [outDir]`. The codegen test runs the
 * same two commands into a temporary directory and fails if the committed files differ.
 */
import { fileURLToPath } from 'node:url';
import { main } from '@dubbo-mesh/cli';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** The `gen` command lines behind each committed file set, relative to nothing machine-specific. */
export function genCommands(outDir: string): string[][] {
  return [
    ['gen', here('./proto/shop.proto'), here('./proto/money.proto'), '--out', outDir],
    ['gen', here('../../test/peers/proto/test.proto'), '--out', outDir],
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const argv of genCommands(process.argv[2] ?? here('./generated'))) {
    const code = await main(argv);
    if (code !== 0) process.exit(code);
  }
}
