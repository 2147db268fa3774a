import type { Provider } from '../provider/provider.js';
import { ProviderSet } from '../provider/provider-set.js';
import { EjectionSchedule, type HostHealth } from './ejection-schedule.js';
import type { OutlierOutcome } from './outlier-outcome.js';

/** Istio `outlierDetection` settings (governance.md §7 table), in milliseconds. */
export interface OutlierOptions {
  /** Consecutive 5xx-like errors (gateway errors included) that eject a host; 5; 0 turns it off. Istio `consecutive5xxErrors`. */
  consecutiveErrors?: number;
  /** Consecutive gateway errors that eject a host; 0 (off) by default. Istio `consecutiveGatewayErrors`. */
  consecutiveGatewayErrors?: number;
  /** How often ejections are reviewed; 10 s. */
  intervalMs?: number;
  /** Ejection time per ejection in a row; 30 s. */
  baseEjectionMs?: number;
  /** Ejection time never grows beyond this (Envoy `max_ejection_time`); 300 s, at least `baseEjectionMs`. */
  maxEjectionMs?: number;
  /** Share of hosts that may be ejected at once; 10 %, and at least one host whenever it is above 0. */
  maxEjectionPercent?: number;
}

export interface OutlierDetectorOptions extends OutlierOptions {
  /** The clock (injected, STYLE.md). */
  now: () => number;
  /** Told of each ejection and return, for logs and metrics. */
  onEjection?: (address: string, ejected: boolean) => void;
}

export const DEFAULT_OUTLIER_OPTIONS: Required<OutlierOptions> = {
  consecutiveErrors: 5,
  consecutiveGatewayErrors: 0,
  intervalMs: 10_000,
  baseEjectionMs: 30_000,
  maxEjectionMs: 300_000,
  maxEjectionPercent: 10,
};

interface HostState extends HostHealth {
  readonly address: string;
  errors: number;
  gatewayErrors: number;
}

/**
 * Ejects providers that keep failing, per host:port, with Envoy's semantics as Istio configures them
 * (governance.md §7: Dubbo itself has none). A host is ejected as soon as a consecutive-error counter
 * reaches its threshold, for base × (ejections in a row), and returns at the first interval check
 * after that time; each check at which it is healthy lowers the multiplier by one. A threshold reached
 * while the ejection cap is full is retried at the host's next error (Envoy waits for a success first).
 */
export class OutlierDetector {
  private readonly options: Required<OutlierOptions>;
  private readonly hosts = new Map<string, HostState>();
  private readonly schedule: EjectionSchedule;
  private readonly healthy = new WeakMap<ProviderSet, { generation: number; result: ProviderSet }>();
  private readonly seen = new WeakSet<ProviderSet>();
  private ejectedCount = 0;
  /** Bumped at every ejection and return: cached healthy sets are recomputed. */
  private generation = 0;

  constructor(private readonly detectorOptions: OutlierDetectorOptions) {
    const { now: _now, onEjection: _onEjection, ...settings } = detectorOptions;
    const defined = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
    this.options = { ...DEFAULT_OUTLIER_OPTIONS, ...defined };
    const { intervalMs, baseEjectionMs, maxEjectionMs } = this.options;
    if (!(intervalMs > 0) || !(baseEjectionMs > 0))
      throw new RangeError('intervalMs and baseEjectionMs must be > 0');
    this.schedule = new EjectionSchedule(
      intervalMs,
      baseEjectionMs,
      Math.max(baseEjectionMs, maxEjectionMs),
      detectorOptions.now(),
    );
  }

  /** Counts one attempt's outcome (see outlier-outcome.ts to classify an error). */
  record(provider: Provider, outcome: OutlierOutcome): void {
    this.review();
    const host = this.host(provider.address);
    if (host.ejected) return;
    if (outcome === 'success') {
      host.errors = 0;
      host.gatewayErrors = 0;
      return;
    }
    host.errors++;
    // As in Envoy, a 5xx that is not a gateway error breaks a run of gateway errors.
    host.gatewayErrors = outcome === 'gateway-error' ? host.gatewayErrors + 1 : 0;
    const { consecutiveErrors, consecutiveGatewayErrors } = this.options;
    const tripped =
      (consecutiveErrors > 0 && host.errors >= consecutiveErrors) ||
      (consecutiveGatewayErrors > 0 && host.gatewayErrors >= consecutiveGatewayErrors);
    if (tripped && this.ejectedCount < this.maxEjections()) this.eject(provider.address, host);
  }

  isEjected(provider: Provider): boolean {
    this.review();
    return this.hosts.get(provider.address)?.ejected ?? false;
  }

  /** Addresses ejected now (`dubbo-mesh providers`, health output). */
  ejectedAddresses(): string[] {
    this.review();
    return [...this.hosts.values()].filter((host) => host.ejected).map((host) => host.address);
  }

  /**
   * The providers of `set` not ejected, computed once per set and ejection change. Never empty for a
   * non-empty set: when every provider is ejected the whole set is returned (Envoy's panic mode).
   */
  filterHealthy(set: ProviderSet): ProviderSet {
    this.review();
    if (!this.seen.has(set)) {
      this.seen.add(set);
      for (const provider of set.providers) this.host(provider.address);
    }
    if (this.ejectedCount === 0) return set;
    const cached = this.healthy.get(set);
    if (cached?.generation === this.generation) return cached.result;
    const kept = set.providers.filter((p) => !this.hosts.get(p.address)?.ejected);
    const result = kept.length === 0 || kept.length === set.size ? set : new ProviderSet(kept);
    this.healthy.set(set, { generation: this.generation, result });
    return result;
  }

  /**
   * Declares the service's current providers (the directory calls it on every address change), so
   * the ejection cap counts the right hosts and departed hosts are forgotten. Without it, the hosts
   * are those seen by `record` and `filterHealthy`.
   */
  updateHosts(set: ProviderSet): void {
    const addresses = new Set(set.providers.map((p) => p.address));
    for (const [address, host] of this.hosts) {
      if (addresses.has(address)) continue;
      if (host.ejected) {
        this.ejectedCount--;
        this.generation++;
      }
      this.hosts.delete(address);
    }
    for (const address of addresses) this.host(address);
  }

  /** Envoy's cap: ⌊hosts × percent / 100⌋, but one host may always be ejected when percent > 0. */
  private maxEjections(): number {
    const percent = Math.min(100, this.options.maxEjectionPercent);
    if (percent <= 0) return 0;
    return Math.max(1, Math.floor((this.hosts.size * percent) / 100));
  }

  private eject(address: string, host: HostState): void {
    this.schedule.eject(host, this.detectorOptions.now());
    this.ejectedCount++;
    this.generation++;
    this.detectorOptions.onEjection?.(address, true);
  }

  /** Runs the interval checks that are due, bringing back hosts whose ejection time is over. */
  private review(): void {
    const returned = this.schedule.review(this.hosts.values(), this.detectorOptions.now());
    if (returned.length === 0) return;
    for (const host of returned) {
      // Envoy resets the counters on return, so a few new errors do not eject the host again at once.
      host.errors = 0;
      host.gatewayErrors = 0;
      this.ejectedCount--;
      this.detectorOptions.onEjection?.(host.address, false);
    }
    this.generation++;
  }

  private host(address: string): HostState {
    let host = this.hosts.get(address);
    if (!host) {
      host = { address, errors: 0, gatewayErrors: 0, ejected: false, ejectedAt: 0, multiplier: 0 };
      this.hosts.set(address, host);
    }
    return host;
  }
}
