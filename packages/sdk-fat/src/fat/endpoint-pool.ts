import {
  createHttp2Transport,
  formatServiceKey,
  type Http2Transport,
  type Http2TransportOptions,
  type ServiceKey,
} from '@dubbo-mesh/sdk-core';
import type { Provider } from '../provider/provider.js';
import type { ProviderSet } from '../provider/provider-set.js';

/**
 * One HTTP/2 transport per provider address, made on first use and kept: a transport holds the
 * connection, and making one per call is the leak grpc-js users hit. Addresses that leave every
 * provider list are closed after a grace period, so calls in flight to them finish first.
 */
export class EndpointPool {
  private readonly transports = new Map<string, Http2Transport>();
  private readonly closing = new Map<string, NodeJS.Timeout>();
  private readonly inUse = new Map<string, ProviderSet>();

  constructor(
    private readonly options: Http2TransportOptions & {
      tls?: Http2TransportOptions['tls'];
      graceMs?: number;
    } = {},
  ) {}

  transportFor(provider: Provider): Http2Transport {
    const key = provider.address;
    let transport = this.transports.get(key);
    if (!transport) {
      const endpoint = this.options.tls ? `https://${provider.address}` : provider.address;
      transport = createHttp2Transport(endpoint, this.options);
      this.transports.set(key, transport);
    }
    const pending = this.closing.get(key);
    if (pending) {
      clearTimeout(pending);
      this.closing.delete(key);
    }
    return transport;
  }

  /**
   * Records a service's current providers; transports to addresses no service lists any more are
   * closed after the grace period.
   */
  useProviders(service: ServiceKey, providers: ProviderSet): void {
    this.inUse.set(formatServiceKey(service), providers);
    this.retain(new Set([...this.inUse.values()].flatMap((set) => set.providers.map((p) => p.address))));
  }

  /** Schedules the close of every transport whose address is not in `inUse`. */
  retain(inUse: ReadonlySet<string>): void {
    for (const [address, transport] of this.transports) {
      if (inUse.has(address) || this.closing.has(address)) continue;
      const timer = setTimeout(() => {
        this.closing.delete(address);
        this.transports.delete(address);
        void transport.close();
      }, this.options.graceMs ?? 30_000);
      timer.unref();
      this.closing.set(address, timer);
    }
  }

  async close(): Promise<void> {
    for (const timer of this.closing.values()) clearTimeout(timer);
    this.closing.clear();
    const all = [...this.transports.values()];
    this.transports.clear();
    await Promise.all(all.map((t) => t.close()));
  }
}
