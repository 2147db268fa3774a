import type { ServiceKey } from '@dubbo-mesh/sdk-core';
import type { Provider } from '../provider/provider.js';
import type { Registry, RegistryNotice, Unsubscribe } from './registry.js';

/** Java's migration steps (governance.md §0 step 1). */
export type MigrationStep = 'FORCE_INTERFACE' | 'APPLICATION_FIRST' | 'FORCE_APPLICATION';

export interface MigrationOptions {
  /** Default `APPLICATION_FIRST`. */
  readonly step?: MigrationStep;
  /**
   * Application-level is used only when its size divided by the interface-level size reaches this
   * (Java `dubbo.application.migration.threshold`, default 0: any non-empty list).
   */
  readonly threshold?: number;
}

interface Side {
  providers: readonly Provider[] | undefined;
  notice: RegistryNotice | undefined;
}

/**
 * "Application first, interface fallback" (governance.md §0 step 1; Java MigrationInvoker with
 * DefaultMigrationAddressComparator): subscribes both discoveries and passes on the
 * application-level list when it has addresses (and meets the threshold), else the
 * interface-level one. Registration goes to the interface-level registry, as consumers do in Java.
 */
export class MigrationRegistry implements Registry {
  constructor(
    private readonly application: Registry,
    private readonly interfaceLevel: Registry,
    private readonly options: MigrationOptions = {},
  ) {}

  subscribe(
    key: ServiceKey,
    listener: (providers: readonly Provider[], notice: RegistryNotice) => void,
  ): Unsubscribe {
    const step = this.options.step ?? 'APPLICATION_FIRST';
    if (step === 'FORCE_INTERFACE') return this.interfaceLevel.subscribe(key, listener);
    if (step === 'FORCE_APPLICATION') return this.application.subscribe(key, listener);
    const app: Side = { providers: undefined, notice: undefined };
    const iface: Side = { providers: undefined, notice: undefined };
    const decide = (): void => {
      const chosen = this.choose(app, iface);
      if (chosen?.providers && chosen.notice) {
        // Rule URLs live in the interface-level dirs whichever list is used.
        listener(chosen.providers, {
          ...chosen.notice,
          configurators: chosen.notice.configurators ?? iface.notice?.configurators,
          routers: chosen.notice.routers ?? iface.notice?.routers,
        });
      }
    };
    const stopApp = this.application.subscribe(key, (providers, notice) => {
      app.providers = providers;
      app.notice = notice;
      decide();
    });
    const stopInterface = this.interfaceLevel.subscribe(key, (providers, notice) => {
      iface.providers = providers;
      iface.notice = notice;
      decide();
    });
    return () => {
      stopApp();
      stopInterface();
    };
  }

  register(url: string): Promise<void> {
    return this.interfaceLevel.register?.(url) ?? Promise.resolve();
  }

  unregister(url: string): Promise<void> {
    return this.interfaceLevel.unregister?.(url) ?? Promise.resolve();
  }

  async close(): Promise<void> {
    await Promise.all([this.application.close(), this.interfaceLevel.close()]);
  }

  private choose(app: Side, iface: Side): Side | undefined {
    const appSize = app.providers?.length ?? 0;
    const ifaceSize = iface.providers?.length ?? 0;
    const threshold = this.options.threshold ?? 0;
    if (appSize > 0 && (ifaceSize === 0 || appSize / ifaceSize >= threshold)) return app;
    if (iface.providers === undefined) return undefined;
    // Before the application level has answered, an empty interface-level list is not final:
    // the service may be registered at application level only.
    if (app.providers === undefined && ifaceSize === 0) return undefined;
    return iface;
  }
}
