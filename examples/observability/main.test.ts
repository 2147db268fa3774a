/** Runs the observability example, so it cannot rot: spans and metrics on the console, one trace on both sides. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

it('runs the observability example: traced calls, trace context at the provider, metrics', async () => {
  const { stdout } = await promisify(execFile)(
    'pnpm',
    ['exec', 'tsx', '--conditions=source', 'examples/observability/main.ts'],
    { cwd: root, timeout: 60_000, maxBuffer: 8 * 1024 * 1024 },
  );
  expect(stdout).toMatch(/provider saw traceparent 00-[0-9a-f]{32}-[0-9a-f]{16}-01/);
  expect(stdout).toContain('same trace on both sides: yes');
  expect(stdout).toContain('server stream: 3 messages');
  expect(stdout).toContain('error: INVALID_ARGUMENT');
  // ConsoleSpanExporter: the client spans with their rpc.* attributes.
  expect(stdout).toContain("name: 'org.apache.dubbo.demo.Greeter/SayHello'");
  expect(stdout).toContain("name: 'org.apache.dubbo.demo.Greeter/SayHelloStream'");
  expect(stdout).toContain("'rpc.system': 'apache_dubbo'");
  expect(stdout).toContain("name: 'checkout'");
  // ConsoleMetricExporter: the duration histogram and the call counter.
  expect(stdout).toContain("name: 'rpc.client.duration'");
  expect(stdout).toContain("name: 'dubbo_mesh.client.calls'");
}, 60_000);
