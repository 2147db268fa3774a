import type { Provider } from '../provider/provider.js';
import { ChangeLog } from './change-log.js';

/** What balancers that learn know about one provider and method (Java `RpcStatus`). */
export interface CallStat {
  /** Calls in flight. */
  active: number;
  succeeded: number;
  succeededElapsedMs: number;
  /** `succeeded` and `succeededElapsedMs` when the current shortest-response window began. */
  windowSucceeded: number;
  windowElapsedMs: number;
  /** Smoothed latency for P2C, and when it was last updated. */
  ewmaMs: number;
  ewmaAt: number;
  samples: number;
}

const identities = new WeakMap<Provider, string>();

/**
 * Java's `URL.toIdentityString` (`protocol://host:port/path`): statistics follow the endpoint, not
 * the Provider object, so they survive a registry push that re-creates an unchanged provider.
 */
export function providerIdentity(provider: Provider): string {
  let identity = identities.get(provider);
  if (identity === undefined) {
    identity = `${provider.protocol}://${provider.address}/${provider.path}`;
    identities.set(provider, identity);
  }
  return identity;
}

/**
 * Per provider and method call statistics of one balancer, with a change log per method so cached
 * indexes learn which providers to re-rank. Like Java's static `RpcStatus` map, entries of providers
 * that went away are kept (a few numbers each).
 */
export class CallStats {
  private readonly stats = new Map<string, CallStat>();
  private readonly logs = new Map<string, ChangeLog>();
  /** Bumped when every statistic changes at once (a window reset): indexes rebuild. */
  epoch = 0;

  stat(provider: Provider, method: string): CallStat {
    const key = `${providerIdentity(provider)}#${method}`;
    let stat = this.stats.get(key);
    if (!stat) {
      stat = {
        active: 0,
        succeeded: 0,
        succeededElapsedMs: 0,
        windowSucceeded: 0,
        windowElapsedMs: 0,
        ewmaMs: 0,
        ewmaAt: 0,
        samples: 0,
      };
      this.stats.set(key, stat);
    }
    return stat;
  }

  log(method: string): ChangeLog {
    let log = this.logs.get(method);
    if (!log) {
      log = new ChangeLog();
      this.logs.set(method, log);
    }
    return log;
  }

  /** A call on `provider` started. */
  start(provider: Provider, method: string): void {
    this.stat(provider, method).active++;
    this.log(method).append(providerIdentity(provider));
  }

  /** A call ended; only successes count towards the response time, as Java's `RpcStatus`. */
  end(provider: Provider, method: string, ok: boolean, elapsedMs: number): CallStat {
    const stat = this.stat(provider, method);
    stat.active = Math.max(0, stat.active - 1);
    if (ok) {
      stat.succeeded++;
      stat.succeededElapsedMs += elapsedMs;
    }
    this.log(method).append(providerIdentity(provider));
    return stat;
  }

  /** Starts a new response-time window for every provider (Java `SlideWindowData.reset`). */
  resetWindows(): void {
    for (const stat of this.stats.values()) {
      stat.windowSucceeded = stat.succeeded;
      stat.windowElapsedMs = stat.succeededElapsedMs;
    }
    this.epoch++;
  }
}
