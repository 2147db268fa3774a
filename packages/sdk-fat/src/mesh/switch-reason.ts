import { type HealthEvent, type ThinFailure, unreachableReason } from '@dubbo-mesh/sdk-thin';
import type { ModeChangeReason } from './mode-change.js';

/** The reason to go Fat, for a Thin call that failed because of the sidecar. */
export function reasonOfCallFailure(
  failure: Exclude<ThinFailure, { kind: 'answered' }>,
): Exclude<ModeChangeReason, 'recovered'> {
  return failure.kind === 'not-sent' ? failure.reason : 'session-lost';
}

/** The reason to go Fat, for the health monitor turning unhealthy. */
export function reasonOfHealthEvent(event: HealthEvent): Exclude<ModeChangeReason, 'recovered'> {
  const outcome = event.outcome;
  if (outcome !== undefined && !outcome.ok && outcome.severity === 'failed') return 'health-failed';
  const cause = outcome !== undefined && !outcome.ok ? outcome.error : event.error;
  const unreachable = unreachableReason(cause);
  return unreachable === 'unreachable' ? 'session-lost' : unreachable;
}
