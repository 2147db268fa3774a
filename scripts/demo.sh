#!/usr/bin/env bash
# The demo from a fresh machine: set-up, then start a provider and call it through the SDK.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
pnpm exec tsx --conditions=source examples/quickstart/main.ts "$@"
