import diagnostics from 'node:diagnostics_channel';

/** Which path carries the mesh client's calls: the sidecar, or the in-process Fat engine. */
export type MeshMode = 'thin' | 'fat';

/**
 * Why the mesh client switched (ARCHITECTURE.md "Fallback state machine"):
 * - to Fat: `socket-missing` (ENOENT), `connect-refused` (ECONNREFUSED), `unreachable` (any other
 *   failure to reach the sidecar), `session-lost` (the connection broke: killed, PING timeout, reset),
 *   `health-failed` (health checks failed `unhealthyAfter` times in a row);
 * - back to Thin: `recovered` (`healthyProbesToReturn` probes in a row succeeded).
 */
export type ModeChangeReason =
  | 'socket-missing'
  | 'connect-refused'
  | 'unreachable'
  | 'session-lost'
  | 'health-failed'
  | 'recovered';

/** One switch of the mesh client. */
export interface ModeChange {
  readonly from: MeshMode;
  readonly to: MeshMode;
  readonly reason: ModeChangeReason;
  /** What happened, for people: the error or the probe results behind the switch. */
  readonly detail: string;
  /** When, on the scheduler's clock (epoch milliseconds unless a test injects a clock). */
  readonly at: number;
}

/**
 * `dubbo-mesh:mode-change` on `node:diagnostics_channel`: every switch is published here as a
 * {@link ModeChange}, so tracers and metrics subscribe without holding the client (STYLE.md, undici's way).
 */
export const modeChangeChannel = diagnostics.channel('dubbo-mesh:mode-change');
