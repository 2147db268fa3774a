import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const conditions = ['source', 'module', 'node', 'development|production'];

/**
 * `pnpm test:soak`: the soak run only, never part of the default suite (whose include is
 * `test/**\/*.test.ts`). `--expose-gc` lets it compare heaps after a full collection.
 */
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    root: fileURLToPath(new URL('../../..', import.meta.url)),
    include: ['test/reliability/soak/**/*.soak.ts'],
    pool: 'forks',
    execArgv: ['--expose-gc'],
    testTimeout: 60 * 60 * 1000,
    hookTimeout: 60_000,
  },
});
