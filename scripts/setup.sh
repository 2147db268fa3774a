#!/usr/bin/env bash
# Brings a fresh Debian 12 machine with Node 20 to a built workspace: pnpm, packages, and the
# system peers the integration tests run against (nginx, HAProxy, ZooKeeper). Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.4.2
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm $PNPM_VERSION" >&2
  npm i -g -E "pnpm@$PNPM_VERSION" >/dev/null 2>&1
fi

if [ "${1:-}" = "--with-peers" ]; then
  missing=()
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
  [ -f /usr/share/java/zookeeper.jar ] || missing+=(zookeeper)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: apt-get install ${missing[*]}" >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

echo "setup: pnpm install" >&2
pnpm install --frozen-lockfile >/dev/null
echo "setup: build" >&2
pnpm run build
