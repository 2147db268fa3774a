#!/usr/bin/env bash
# The demo from a fresh machine: set-up, then the mesh demo: two providers, a sidecar on a Unix
# socket, a consumer on the mesh client; the sidecar is killed at 5 s and restarted at 10 s.
# `bash scripts/demo.sh --zookeeper` runs it on a real ZooKeeper (installed by the set-up).
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PATH:/usr/sbin:/sbin"
if [[ " $* " == *" --zookeeper "* ]]; then bash scripts/setup.sh --with-peers; else bash scripts/setup.sh; fi
pnpm exec tsx --conditions=source examples/mesh-demo/main.ts "$@"
