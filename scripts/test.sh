#!/usr/bin/env bash
# The whole test suite from a fresh machine: set-up (pnpm, packages, nginx, HAProxy, ZooKeeper),
# build, then every unit, property and integration test.
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PATH:/usr/sbin:/sbin"
bash scripts/setup.sh --with-peers
pnpm exec vitest run "$@"
