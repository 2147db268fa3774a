import { Code, checkHealth, RpcError, type Transport } from '@dubbo-mesh/sdk-core';
import { classifyThinFailure } from './thin-failure.js';

/**
 * The outcome of one health probe of the sidecar:
 * - ok, judged by the health service (it answered SERVING), or by the connection (it answered
 *   UNIMPLEMENTED: a proxy such as nginx or HAProxy with no health service, cli.md "Thin mode through
 *   other proxies", which still proves the path to it works);
 * - `unreachable`: the call could not reach it or the connection broke; nothing to wait for;
 * - `failed`: it answered something other than SERVING, or not in time; counted against a threshold.
 */
export type ProbeOutcome =
  | { readonly ok: true; readonly judgedBy: 'health-service' | 'connection'; readonly message: string }
  | {
      readonly ok: false;
      readonly severity: 'unreachable' | 'failed';
      readonly message: string;
      readonly error?: unknown;
    };

/** Runs `grpc.health.v1.Health/Check` with service `''` (the server as a whole) on `transport`. */
export async function probeSidecar(transport: Transport, timeoutMs: number): Promise<ProbeOutcome> {
  try {
    const status = await checkHealth(transport, '', { timeoutMs });
    if (status === 'SERVING') return { ok: true, judgedBy: 'health-service', message: 'SERVING' };
    return { ok: false, severity: 'failed', message: `health check answered ${status}` };
  } catch (error) {
    return outcomeOfError(error, timeoutMs);
  }
}

function outcomeOfError(error: unknown, timeoutMs: number): ProbeOutcome {
  const failure = classifyThinFailure(error);
  if (failure.kind !== 'answered') {
    return { ok: false, severity: 'unreachable', message: failure.message, error };
  }
  const rpc = RpcError.from(error);
  if (rpc.code === Code.Unimplemented) {
    return {
      ok: true,
      judgedBy: 'connection',
      message: 'no health service (UNIMPLEMENTED): judged by the connection',
    };
  }
  if (rpc.code === Code.DeadlineExceeded) {
    return { ok: false, severity: 'failed', message: `no health answer within ${timeoutMs} ms`, error };
  }
  return { ok: false, severity: 'failed', message: `health check failed: ${rpc.message}`, error };
}
