import { checkHealth } from '@dubbo-mesh/sdk-core';
import type { HealthArgs } from './args.js';
import { openTransport } from './open-transport.js';
import { type CliIo, ExitCode, writeJsonLine } from './output.js';

/** A probe must not hang on a server that accepts and never answers. */
const DEFAULT_HEALTH_TIMEOUT_MS = 10_000;

/**
 * `dubbo-mesh health <endpoint> [--service NAME]`: `grpc.health.v1.Health/Check` (triple.md §8). Prints
 * `{"status":"..."}` and exits 0 only for SERVING, 2 for any other status; an RPC failure (UNIMPLEMENTED:
 * no health service; NOT_FOUND: unknown service) is thrown for `main` to report (exit 2).
 */
export async function runHealth(args: HealthArgs, io: CliIo): Promise<number> {
  const transport = openTransport(args.connect);
  try {
    const status = await checkHealth(transport, args.service, {
      timeoutMs: args.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS,
    });
    writeJsonLine(io.stdout, { status });
    return status === 'SERVING' ? ExitCode.Ok : ExitCode.Rpc;
  } finally {
    await transport.close();
  }
}
