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
rm -f .tmp/vitest-results.json .tmp/vitest-node-engine.json
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest-results.json "$@" || status=$?
# The channel's and the sidecar's inbound server's default engine is our own HTTP/2 framing
# ('direct'); the HTTP/2 behaviour tests run a second time on node:http2 ('node'), the other engine
# users may choose (the sidecar processes inherit the variable).
if [ "$#" -eq 0 ]; then
  echo "test: the HTTP/2 tests again on the node:http2 engine" >&2
  DUBBO_MESH_HTTP2_ENGINE=node pnpm exec vitest run --reporter=default --reporter=json \
    --outputFile.json=.tmp/vitest-node-engine.json \
    test/sdk-core test/reliability/bad-input/misbehaving-server.test.ts test/reliability/faults \
    test/sidecar test/reliability/bad-input/sidecar-inbound.test.ts test/sdk-thin || status=$?
fi
# One plain closing line, "N passed, N failed", that any CI reads the same way.
node -e '
  const fs = require("node:fs");
  let passed = 0, failed = 0;
  for (const file of [".tmp/vitest-results.json", ".tmp/vitest-node-engine.json"]) {
    if (!fs.existsSync(file)) continue;
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
  }
  console.log(`${passed} passed, ${failed} failed`);
'
exit "$status"
