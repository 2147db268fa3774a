#!/usr/bin/env bash
# The whole test suite from a fresh machine: set-up (pnpm, packages, nginx, HAProxy, ZooKeeper),
# build, then every unit, property and integration test.
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PATH:/usr/sbin:/sbin"
bash scripts/setup.sh --with-peers
echo "test: type-check (packages, specs and type tests, tests, examples, bench)" >&2
pnpm exec tsc -p tsconfig.specs.json
pnpm exec tsc -p test
pnpm exec tsc -p examples
pnpm exec tsc -p bench
echo "test: lint" >&2
pnpm exec biome check .
mkdir -p .tmp
status=0
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest-results.json "$@" || status=$?
# One plain closing line, "N passed, N failed", that any CI reads the same way.
if [ -f .tmp/vitest-results.json ]; then
  node -e 'const r = require("./.tmp/vitest-results.json"); console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`)'
fi
exit "$status"
