import type { Provider } from '../../../packages/sdk-fat/src/provider/provider.js';
import type { RegistryNotice } from '../../../packages/sdk-fat/src/registry/registry.js';

export interface Notification {
  readonly providers: readonly Provider[];
  readonly notice: RegistryNotice;
}

/** Records a subscription's notifications and waits for one that satisfies a condition. */
export class Notifications {
  readonly all: Notification[] = [];

  readonly listener = (providers: readonly Provider[], notice: RegistryNotice): void => {
    this.all.push({ providers, notice });
  };

  get last(): Notification | undefined {
    return this.all.at(-1);
  }

  /** Addresses of the last notification, sorted. */
  addresses(): string[] {
    return (this.last?.providers ?? []).map((provider) => provider.address).sort();
  }

  /** Waits until the last notification satisfies `condition`; throws after `timeoutMs`. */
  async until(
    condition: (last: Notification) => boolean,
    what: string,
    timeoutMs = 10_000,
  ): Promise<Notification> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = this.last;
      if (last && condition(last)) return last;
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting for ${what}; last: ${JSON.stringify(last?.providers.map((p) => p.url))}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Waits until the last notification lists exactly `addresses`. */
  untilAddresses(addresses: readonly string[], timeoutMs?: number): Promise<Notification> {
    const wanted = [...addresses].sort().join(',');
    return this.until(
      (last) =>
        last.providers
          .map((provider) => provider.address)
          .sort()
          .join(',') === wanted,
      `providers ${wanted || '(none)'}`,
      timeoutMs,
    );
  }
}
