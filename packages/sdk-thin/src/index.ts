// The Thin client: Triple calls through the local sidecar, which owns discovery, routing and policy.
// Keep this package small: nothing here may load hessian.js, a registry client or a YAML parser.

export { EventFeed, type Unsubscribe } from './event-feed.js';
export { ManualScheduler } from './manual-scheduler.js';
export { type CancelTask, type Scheduler, systemScheduler } from './scheduler.js';
export {
  DEFAULT_SIDECAR_AUTHORITY,
  defaultSidecarEndpoint,
  resolveSidecarEndpoint,
  SIDECAR_ENV,
} from './sidecar-endpoint.js';
export {
  type HealthEvent,
  type SidecarHealth,
  SidecarHealthMonitor,
  type SidecarHealthOptions,
  type SidecarState,
  type WatchedChannel,
} from './sidecar-health.js';
export { type ProbeOutcome, probeSidecar } from './sidecar-probe.js';
export { createThinClient, THIN_DEFAULTS, type ThinClient, type ThinClientOptions } from './thin-client.js';
export {
  classifyThinFailure,
  type SidecarUnreachableReason,
  type ThinFailure,
  unreachableReason,
} from './thin-failure.js';
export { ThinTransport } from './thin-transport.js';
