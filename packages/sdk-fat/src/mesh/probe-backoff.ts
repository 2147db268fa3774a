/** How probes of a failed sidecar are spaced. */
export interface ProbeBackoffOptions {
  /** The first delay, and the spacing of the confirming probes after a good one. Default 250 ms. */
  initialMs: number;
  /** The longest delay between probes. Default 5000 ms. */
  maxMs: number;
}

export const DEFAULT_PROBE_BACKOFF: ProbeBackoffOptions = { initialMs: 250, maxMs: 5000 };

/**
 * Delays between probes while in Fat mode. A failed probe doubles the delay up to `maxMs`, so a dead
 * sidecar is not hammered; a good probe is confirmed after `initialMs`. The level survives a return
 * to Thin that does not last `maxMs`: a sidecar that keeps failing right after it passes its probes is
 * probed ever more slowly instead of flapping at the probe rate.
 */
export class ProbeBackoff {
  private level = 0;

  constructor(private readonly options: ProbeBackoffOptions) {}

  /** The delay before the first probe of a Fat period. */
  first(): number {
    return this.delayAt(this.level);
  }

  /** After a failed probe: the next delay, one level longer. */
  afterFailure(): number {
    this.level++;
    return this.delayAt(this.level);
  }

  /** After a good probe that is not yet enough to return. */
  afterSuccess(): number {
    return this.options.initialMs;
  }

  /**
   * Entering Fat mode again, `thinLastedMs` after the last return to Thin: a short Thin period keeps
   * (and raises) the level, a long one starts over.
   */
  enterFat(thinLastedMs: number | undefined): void {
    if (thinLastedMs === undefined || thinLastedMs >= this.options.maxMs) this.level = 0;
    else this.level++;
  }

  private delayAt(level: number): number {
    return Math.min(this.options.maxMs, this.options.initialMs * 2 ** Math.min(level, 30));
  }
}
