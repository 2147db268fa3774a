import { Code, RpcError, wasNotSent } from '@dubbo-mesh/sdk-core';
import { isBusinessException } from '../cluster/business-exception.js';

/**
 * How an attempt went, as outlier detection counts it (Envoy's consecutive 5xx / gateway-failure
 * counters, governance.md §7 table).
 */
export type OutlierOutcome = 'success' | 'gateway-error' | 'other-error';

/** Socket errors of a connection that could not be made or broke: gateway errors. */
const CONNECT_FAILURES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOENT',
  'EPIPE',
]);

/**
 * Classifies an attempt's error (`undefined` = success) the way Envoy sees a gRPC status mapped to
 * HTTP: UNAVAILABLE (503), DEADLINE_EXCEEDED (504) and connect failures (calls that never reached the
 * provider) are gateway errors; UNKNOWN, INTERNAL, DATA_LOSS and UNIMPLEMENTED (500/501) are other
 * 5xx errors; every other status maps to 4xx and, as in Envoy, counts like a success. A business
 * exception is a success: the provider worked and answered.
 */
export function outlierOutcome(error: unknown): OutlierOutcome {
  if (error === undefined || error === null || isBusinessException(error)) return 'success';
  if (wasNotSent(error)) return 'gateway-error';
  if (error instanceof RpcError) {
    switch (error.code) {
      case Code.Unavailable:
      case Code.DeadlineExceeded:
        return 'gateway-error';
      case Code.Unknown:
      case Code.Internal:
      case Code.DataLoss:
      case Code.Unimplemented:
        return 'other-error';
      default:
        return 'success';
    }
  }
  const code = typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && CONNECT_FAILURES.has(code) ? 'gateway-error' : 'other-error';
}
