#!/usr/bin/env bash
# The whole test suite from a fresh machine: set-up (pnpm, packages, nginx, HAProxy, ZooKeeper),
# build, then every unit, property and integration test.
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PATH:/usr/sbin:/sbin"
bash scripts/setup.sh --with-peers
echo "test: type-check (packages, specs and type tests, tests, examples, bench)" >&2
pnpm -s exec tsc -p tsconfig.specs.json
pnpm -s exec tsc -p test
pnpm -s exec tsc -p examples
pnpm -s exec tsc -p bench
echo "test: lint" >&2
pnpm -s exec biome check .
pnpm exec vitest run "$@"
