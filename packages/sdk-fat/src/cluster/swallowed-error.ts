import type { ClusterContext } from './cluster-strategy.js';

/**
 * Reports an error a strategy keeps from the caller: to the context's `onSwallowed`, or else as a
 * process warning, never silently (STYLE.md "never swallow an error without a log line").
 */
export function reportSwallowed<R>(context: ClusterContext<R>, strategy: string, error: unknown): void {
  if (context.onSwallowed) {
    context.onSwallowed(error, strategy);
    return;
  }
  const { service, method } = context.invocation;
  const reason = error instanceof Error ? error.message : String(error);
  process.emitWarning(`${strategy}: ${service.serviceName}.${method} failed and was ignored: ${reason}`, {
    type: 'DubboMeshClusterWarning',
    code: `DUBBO_MESH_${strategy.toUpperCase()}`,
  });
}
