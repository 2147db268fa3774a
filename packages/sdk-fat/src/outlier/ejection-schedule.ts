/** The ejection state of one host. */
export interface HostHealth {
  ejected: boolean;
  ejectedAt: number;
  /** Ejections in a row, the multiplier of the base ejection time (Envoy's `ejectTimeBackoff`). */
  multiplier: number;
}

/**
 * Envoy's ejection timing: a host ejected `multiplier` times in a row stays out for
 * min(base × multiplier, max) and returns at the first interval check after that; at each check where
 * a host is healthy, its multiplier drops by one. Checks run on a fixed grid of intervals from the
 * detector's creation; with an injected clock there is no timer: `review` runs the checks that fell
 * due since the last call, in closed form, so a long idle period costs one pass over the hosts.
 */
export class EjectionSchedule {
  private nextCheck: number;

  constructor(
    private readonly intervalMs: number,
    private readonly baseMs: number,
    private readonly maxMs: number,
    start: number,
  ) {
    this.nextCheck = start + intervalMs;
  }

  ejectionMs(multiplier: number): number {
    return Math.min(this.baseMs * multiplier, this.maxMs);
  }

  eject(host: HostHealth, now: number): void {
    host.ejected = true;
    host.ejectedAt = now;
    // Envoy stops raising the multiplier once the ejection time has reached its maximum.
    if (host.multiplier * this.baseMs < this.maxMs) host.multiplier++;
  }

  /** Runs the interval checks due by `now`; returns the hosts that came back. */
  review<H extends HostHealth>(hosts: Iterable<H>, now: number): H[] {
    if (now < this.nextCheck) return [];
    const first = this.nextCheck;
    const checks = Math.floor((now - first) / this.intervalMs) + 1;
    const last = first + (checks - 1) * this.intervalMs;
    this.nextCheck = last + this.intervalMs;
    const returned: H[] = [];
    for (const host of hosts) {
      if (!host.ejected) {
        host.multiplier = Math.max(0, host.multiplier - checks);
        continue;
      }
      const until = host.ejectedAt + this.ejectionMs(host.multiplier);
      if (until > last) continue;
      // The 0-based check that returns it; the checks after it find it healthy.
      const returnCheck = until <= first ? 0 : Math.ceil((until - first) / this.intervalMs);
      host.ejected = false;
      host.multiplier = Math.max(0, host.multiplier - (checks - 1 - returnCheck));
      returned.push(host);
    }
    return returned;
  }
}
