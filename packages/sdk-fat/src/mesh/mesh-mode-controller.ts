import type {
  CancelTask,
  EventFeed,
  HealthEvent,
  ProbeOutcome,
  Scheduler,
  SidecarHealth,
} from '@dubbo-mesh/sdk-thin';
import { type MeshMode, type ModeChange, type ModeChangeReason, modeChangeChannel } from './mode-change.js';
import { ProbeBackoff, type ProbeBackoffOptions } from './probe-backoff.js';
import { reasonOfHealthEvent } from './switch-reason.js';

export interface MeshModeControllerOptions {
  /** The sidecar's health: its changes move Thin to Fat, its `check()` is the probe in Fat mode. */
  health: Pick<SidecarHealth, 'on' | 'check' | 'pause' | 'resume'>;
  scheduler: Scheduler;
  /** Probes that must succeed in a row before going back to Thin. */
  healthyProbesToReturn: number;
  backoff: ProbeBackoffOptions;
  /** Receives every switch (the client's `modeChange` listeners and iterators). */
  changes: EventFeed<ModeChange>;
}

/**
 * The fallback state machine of ARCHITECTURE.md:
 * ```
 * THIN --(socket missing / refused / session lost / health fails N times)--> FAT
 * FAT  --(K probes in a row succeed, with backoff between probes)----------> THIN
 * ```
 * Thin to Fat is immediate, from a failed call (`sidecarFailed`) or the health monitor; a switch that
 * is already made is not made again, so a burst of failures is one switch. In Fat mode the periodic
 * health checks pause and this schedules its own probes (see `ProbeBackoff` for the spacing).
 */
export class MeshModeController {
  private current: MeshMode = 'thin';
  private streak = 0;
  private probeTimer: CancelTask | undefined;
  private probing = false;
  private lastReturnAt: number | undefined;
  private closed = false;
  private switchCount = 0;
  private lastChange: ModeChange | undefined;
  private readonly backoff: ProbeBackoff;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: MeshModeControllerOptions) {
    this.backoff = new ProbeBackoff(options.backoff);
    this.unsubscribe = options.health.on('change', (event) => this.onHealth(event));
  }

  get mode(): MeshMode {
    return this.current;
  }

  /** What the last switch said. */
  get lastDetail(): string | undefined {
    return this.lastChange?.detail;
  }

  /** Switches made so far, both ways. */
  get switches(): number {
    return this.switchCount;
  }

  /** A call, or the health monitor, found the sidecar failing: go Fat now (once). */
  sidecarFailed(reason: Exclude<ModeChangeReason, 'recovered'>, detail: string): void {
    if (this.closed || this.current === 'fat') return;
    const now = this.options.scheduler.now();
    this.backoff.enterFat(this.lastReturnAt === undefined ? undefined : now - this.lastReturnAt);
    this.options.health.pause();
    this.switchTo('fat', reason, detail);
    this.streak = 0;
    this.scheduleProbe(this.backoff.first());
  }

  close(): void {
    this.closed = true;
    this.probeTimer?.();
    this.probeTimer = undefined;
    this.unsubscribe();
  }

  private onHealth(event: HealthEvent): void {
    if (event.to !== 'unhealthy' || this.current !== 'thin') return;
    this.sidecarFailed(reasonOfHealthEvent(event), event.reason);
  }

  private scheduleProbe(delayMs: number): void {
    if (this.closed) return;
    this.probeTimer?.();
    this.probeTimer = this.options.scheduler.setTimeout(() => {
      this.probeTimer = undefined;
      void this.probe();
    }, delayMs);
  }

  private async probe(): Promise<void> {
    if (this.closed || this.current !== 'fat' || this.probing) return;
    this.probing = true;
    // A probe that throws (a custom health source) is a failed probe, not a stuck state machine.
    const outcome: ProbeOutcome = await this.options.health.check().catch((error: unknown) => ({
      ok: false as const,
      severity: 'failed' as const,
      message: `health probe threw: ${error instanceof Error ? error.message : String(error)}`,
    }));
    this.probing = false;
    if (this.closed || this.current !== 'fat') return;
    if (!outcome.ok) {
      this.streak = 0;
      this.scheduleProbe(this.backoff.afterFailure());
      return;
    }
    this.streak++;
    if (this.streak < this.options.healthyProbesToReturn) {
      this.scheduleProbe(this.backoff.afterSuccess());
      return;
    }
    this.lastReturnAt = this.options.scheduler.now();
    this.switchTo(
      'thin',
      'recovered',
      `${this.streak} health probes in a row succeeded (${outcome.message})`,
    );
    this.options.health.resume();
  }

  private switchTo(to: MeshMode, reason: ModeChangeReason, detail: string): void {
    const change: ModeChange = { from: this.current, to, reason, detail, at: this.options.scheduler.now() };
    this.current = to;
    this.switchCount++;
    this.lastChange = change;
    if (modeChangeChannel.hasSubscribers) modeChangeChannel.publish(change);
    this.options.changes.emit(change);
  }
}
