/**
 * The mesh demo (the README's main command): two providers, a sidecar on a Unix socket, and a
 * consumer using the mesh client with the file registry (no server needed). It prints a line per
 * second (calls ok and failed, mode, p99), kills the sidecar at 5 s, restarts it at 10 s, and ends
 * with a summary table. `--zookeeper` runs the same demo against a real ZooKeeper.
 *
 * Run: bash scripts/demo.sh   (or: pnpm exec tsx --conditions=source examples/mesh-demo/main.ts)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProtoService, RpcError } from '@dubbo-mesh/sdk-core';
import { createMeshClient, createRegistry } from '@dubbo-mesh/sdk-fat';
import { startZooKeeper } from '../../test/peers/zookeeper.js';
import { startGreeterProvider } from '../quickstart/provider.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'packages/cli/bin/dubbo-mesh.mjs');
const SERVICE = 'org.apache.dubbo.demo.Greeter';
const DURATION_MS = Number(process.env.DEMO_DURATION_MS ?? 15_000);
const KILL_AT_MS = 5_000;
const RESTART_AT_MS = 10_000;
const CONCURRENCY = 8;

const dir = mkdtempSync(join(tmpdir(), 'dm-demo-'));
const socket = join(dir, 'sidecar.sock');
const providersFile = join(dir, 'providers.yaml');

const providers = [await startGreeterProvider('127.0.0.1:0'), await startGreeterProvider('127.0.0.1:0')];
const providerUrls = providers.map(
  (p) => `tri://${p.address}/${SERVICE}?application=greeter&interface=${SERVICE}&version=1.0.0&side=provider`,
);

// `--zookeeper [host:port]`: the same demo on a real ZooKeeper (one is started here when no address
// is given; Debian's zookeeper package). The providers register themselves, as Java providers do.
const zookeeperFlag = process.argv.indexOf('--zookeeper');
const zookeeper =
  zookeeperFlag < 0
    ? undefined
    : process.argv[zookeeperFlag + 1]?.includes(':')
      ? undefined
      : await startZooKeeper();
const zookeeperAddress =
  zookeeperFlag < 0 ? undefined : (zookeeper?.connectString ?? process.argv[zookeeperFlag + 1]);
let registry: string;
let providerRegistry: ReturnType<typeof createRegistry> | undefined;
if (zookeeperAddress) {
  registry = `zookeeper://${zookeeperAddress}`;
  providerRegistry = createRegistry(registry, { application: 'greeter', registerConsumer: false });
  for (const url of providerUrls) await providerRegistry.register?.(url);
} else {
  writeFileSync(providersFile, `providers:\n${providerUrls.map((url) => `  - ${url}`).join('\n')}\n`);
  registry = `file:${providersFile}`;
}
console.log(`providers: ${providers.map((p) => p.address).join(', ')}; registry ${registry}`);

function startSidecar(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [cli, 'sidecar', '--listen', `unix:${socket}`, '--registry', registry, '--app', 'greeter-sidecar'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`sidecar exited early (${code})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
  });
}

let sidecar = await startSidecar();
console.log(`sidecar ready on unix:${socket} (pid ${sidecar.pid})`);

const Greeter = loadProtoService<{ sayHello: 'unary' }>(
  fileURLToPath(new URL('../quickstart/greeter.proto', import.meta.url)),
  SERVICE,
  { version: '1.0.0', idempotent: ['SayHello'] },
);
const mesh = createMeshClient({ application: 'demo-consumer', sidecar: `unix:${socket}`, registry });
const greeter = mesh.client(Greeter);

interface Second {
  ok: number;
  failed: number;
  latencies: number[];
  modes: Set<string>;
}
const seconds: Second[] = [];
const switches: string[] = [];
const started = performance.now();
mesh.on('modeChange', (change) => {
  switches.push(
    `${((performance.now() - started) / 1000).toFixed(2)} s: ${change.from} -> ${change.to} (${change.reason})`,
  );
});

function bucket(): Second {
  const index = Math.floor((performance.now() - started) / 1000);
  while (seconds.length <= index) seconds.push({ ok: 0, failed: 0, latencies: [], modes: new Set() });
  return seconds[index]!;
}

const errors = new Map<string, number>();
let running = true;
async function worker(): Promise<void> {
  while (running) {
    const t0 = performance.now();
    try {
      await greeter.sayHello({ name: 'mesh' }, { timeoutMs: 2000 });
      const b = bucket();
      b.ok++;
      b.latencies.push(performance.now() - t0);
      b.modes.add(mesh.mode);
    } catch (err) {
      bucket().failed++;
      const name = err instanceof RpcError ? err.codeName : String(err);
      errors.set(name, (errors.get(name) ?? 0) + 1);
    }
  }
}

function p99(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!;
}

// Prints each second once it is over, whatever the timer's drift (it fires often and catches up).
let printed = 0;
const ticker = setInterval(() => {
  const over = Math.floor((performance.now() - started) / 1000);
  for (; printed < over; printed++) {
    const s = seconds[printed] ?? { ok: 0, failed: 0, latencies: [], modes: new Set<string>() };
    console.log(
      `t=${String(printed + 1).padStart(2)}s  ok ${String(s.ok).padStart(5)}  failed ${s.failed}  mode ${[...s.modes].join('+') || mesh.mode}  p99 ${p99(s.latencies).toFixed(1)} ms`,
    );
  }
}, 200);

const workers = Array.from({ length: CONCURRENCY }, worker);
setTimeout(() => {
  console.log(`-- killing the sidecar (SIGKILL, pid ${sidecar.pid})`);
  sidecar.kill('SIGKILL');
}, KILL_AT_MS);
setTimeout(async () => {
  console.log('-- restarting the sidecar');
  sidecar = await startSidecar();
}, RESTART_AT_MS);

await new Promise((resolve) => setTimeout(resolve, DURATION_MS));
running = false;
await Promise.all(workers);
clearInterval(ticker);

const total = seconds.reduce((acc, s) => ({ ok: acc.ok + s.ok, failed: acc.failed + s.failed }), {
  ok: 0,
  failed: 0,
});
console.log('\nsummary');
console.log('| calls ok | calls failed | mode switches | p99 (ms, whole run) |');
console.log('|---:|---:|---:|---:|');
console.log(
  `| ${total.ok} | ${total.failed} | ${switches.length} | ${p99(seconds.flatMap((s) => s.latencies)).toFixed(1)} |`,
);
for (const line of switches) console.log(`  switch at ${line}`);
if (errors.size > 0) console.log(`  errors: ${JSON.stringify(Object.fromEntries(errors))}`);

await mesh.close();
sidecar.kill('SIGTERM');
await Promise.all(providers.map((p) => p.close()));
await providerRegistry?.close();
await zookeeper?.close();
rmSync(dir, { recursive: true, force: true });
process.exitCode = total.failed === 0 ? 0 : 1;
