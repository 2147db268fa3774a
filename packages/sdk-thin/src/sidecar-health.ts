import type { ChannelState } from '@dubbo-mesh/sdk-core';
import { EventFeed, type Unsubscribe } from './event-feed.js';
import type { CancelTask, Scheduler } from './scheduler.js';
import type { ProbeOutcome } from './sidecar-probe.js';

/** What is known about the sidecar: nothing yet, working, or not. */
export type SidecarState = 'unknown' | 'healthy' | 'unhealthy';

/** A change of {@link SidecarState}, with why and when (`at` from the scheduler's clock). */
export interface HealthEvent {
  readonly from: SidecarState;
  readonly to: SidecarState;
  readonly reason: string;
  readonly at: number;
  /** The probe behind the change; absent when the connection state caused it. */
  readonly outcome?: ProbeOutcome;
  /** The connection error behind the change, when there is one. */
  readonly error?: unknown;
}

/** The sidecar's health as a Thin client sees it: health checks plus the connection's state. */
export interface SidecarHealth {
  readonly state: SidecarState;
  /** Why the state is what it is. */
  readonly reason: string;
  /** Calls `listener` on every state change; returns the unsubscribe function. */
  on(event: 'change', listener: (event: HealthEvent) => void): Unsubscribe;
  /** Every state change from now until `close()`. */
  events(): AsyncIterable<HealthEvent>;
  /** Runs one health check now (joining one already running) and updates the state with it. */
  check(): Promise<ProbeOutcome>;
  /** Stops the periodic checks (the mesh client probes on its own schedule while in Fat mode). */
  pause(): void;
  /** Restarts the periodic checks, the first one after an interval. */
  resume(): void;
  close(): void;
}

/** The part of an `Http2Channel` the monitor watches. */
export interface WatchedChannel {
  readonly state: ChannelState;
  onStateChange(listener: (state: ChannelState, reason?: Error) => void): () => void;
}

export interface SidecarHealthOptions {
  /** One check every this many ms; 0 turns periodic checks off (the connection is still watched). */
  intervalMs: number;
  /** Failed checks in a row (answers other than SERVING, or no answer in time) that make it unhealthy. */
  unhealthyAfter: number;
  scheduler: Scheduler;
}

/**
 * Watches the sidecar (ARCHITECTURE.md "Fallback state machine"): a periodic `grpc.health.v1` Check,
 * and the channel's state. Unreachable (socket missing, refused, session lost) is unhealthy at once;
 * answers other than SERVING, and timeouts, count, and `unhealthyAfter` of them in a row make it
 * unhealthy. One good check makes it healthy again; the mesh client asks for more before trusting it.
 */
export class SidecarHealthMonitor implements SidecarHealth {
  private current: SidecarState = 'unknown';
  private why = 'not checked yet';
  private failures = 0;
  private running: Promise<ProbeOutcome> | undefined;
  private timer: CancelTask | undefined;
  private paused = false;
  private closed = false;
  private readonly feed = new EventFeed<HealthEvent>();
  private readonly unwatch: () => void;

  constructor(
    private readonly probe: () => Promise<ProbeOutcome>,
    channel: WatchedChannel | undefined,
    private readonly options: SidecarHealthOptions,
  ) {
    let previous = channel?.state;
    this.unwatch =
      channel?.onStateChange((state, reason) => {
        const before = previous;
        previous = state;
        this.onChannelState(state, before, reason);
      }) ?? (() => undefined);
  }

  get state(): SidecarState {
    return this.current;
  }

  get reason(): string {
    return this.why;
  }

  /** Starts the periodic checks with one at once. */
  start(): void {
    if (this.options.intervalMs > 0) this.schedule(0);
  }

  on(_event: 'change', listener: (event: HealthEvent) => void): Unsubscribe {
    return this.feed.on(listener);
  }

  events(): AsyncIterable<HealthEvent> {
    return this.feed.events();
  }

  check(): Promise<ProbeOutcome> {
    this.running ??= this.probe()
      .catch(
        (error: unknown): ProbeOutcome => ({
          ok: false,
          severity: 'failed',
          message: `health probe threw: ${error instanceof Error ? error.message : String(error)}`,
          error,
        }),
      )
      .then((outcome) => {
        this.running = undefined;
        this.apply(outcome);
        return outcome;
      });
    return this.running;
  }

  pause(): void {
    this.paused = true;
    this.timer?.();
    this.timer = undefined;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.options.intervalMs > 0) this.schedule(this.options.intervalMs);
  }

  close(): void {
    this.closed = true;
    this.timer?.();
    this.timer = undefined;
    this.unwatch();
    this.feed.close();
  }

  private schedule(delayMs: number): void {
    if (this.closed || this.paused) return;
    this.timer?.();
    this.timer = this.options.scheduler.setTimeout(() => {
      this.timer = undefined;
      void this.check().then(() => this.schedule(this.options.intervalMs));
    }, delayMs);
  }

  private apply(outcome: ProbeOutcome): void {
    if (this.closed) return;
    if (outcome.ok) {
      this.failures = 0;
      this.setState('healthy', outcome.message, { outcome });
      return;
    }
    if (outcome.severity === 'unreachable') {
      this.failures = Math.max(this.failures + 1, this.options.unhealthyAfter);
      this.setState('unhealthy', outcome.message, { outcome, error: outcome.error });
      return;
    }
    this.failures++;
    if (this.failures >= this.options.unhealthyAfter) {
      this.setState('unhealthy', `${this.failures} health checks failed in a row: ${outcome.message}`, {
        outcome,
      });
    }
  }

  private onChannelState(state: ChannelState, before: ChannelState | undefined, reason?: Error): void {
    if (this.closed) return;
    if (state === 'transient_failure') {
      this.setState('unhealthy', `connection to the sidecar failed: ${reason?.message ?? 'unknown error'}`, {
        error: reason,
      });
    } else if (state === 'idle' && before === 'ready') {
      // The session ended without an error: a graceful GOAWAY, or a sidecar that died with a clean
      // close. Only a check tells which, and it should not wait for the next interval.
      if (!this.paused) void this.check();
    }
  }

  private setState(
    to: SidecarState,
    reason: string,
    extra: { outcome?: ProbeOutcome; error?: unknown } = {},
  ): void {
    this.why = reason;
    if (to === this.current) return;
    const from = this.current;
    this.current = to;
    this.feed.emit({
      from,
      to,
      reason,
      at: this.options.scheduler.now(),
      ...(extra.outcome ? { outcome: extra.outcome } : {}),
      ...(extra.error !== undefined ? { error: extra.error } : {}),
    });
  }
}
