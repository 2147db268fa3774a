import type { ServiceKey } from '@dubbo-mesh/sdk-core';
import { describe, expect, it } from 'vitest';
import type { Provider } from '../provider/provider.js';
import { parseProviderUrl } from '../provider/provider-url.js';
import { MigrationRegistry } from './migration-registry.js';
import type { Registry, RegistryNotice } from './registry.js';

type Listener = (providers: readonly Provider[], notice: RegistryNotice) => void;

class FakeRegistry implements Registry {
  listener: Listener | undefined;
  registered: string[] = [];
  subscribe(_key: ServiceKey, listener: Listener) {
    this.listener = listener;
    return () => {
      this.listener = undefined;
    };
  }
  async register(url: string) {
    this.registered.push(url);
  }
  async close() {}
  emit(hosts: string[], notice: Partial<RegistryNotice> = {}) {
    this.listener?.(hosts.map(url), { source: 'live', skipped: [], ...notice });
  }
}

function url(host: string): Provider {
  const parsed = parseProviderUrl(`tri://${host}:50051/org.demo.Greeter`);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

function setup(options?: ConstructorParameters<typeof MigrationRegistry>[2]) {
  const app = new FakeRegistry();
  const iface = new FakeRegistry();
  const seen: { hosts: string[]; notice: RegistryNotice }[] = [];
  const registry = new MigrationRegistry(app, iface, options);
  const stop = registry.subscribe({ serviceName: 'org.demo.Greeter' }, (providers, notice) =>
    seen.push({ hosts: providers.map((p) => p.host), notice }),
  );
  return { app, iface, seen, registry, stop };
}

describe('MigrationRegistry (application first, interface fallback)', () => {
  it('uses application level when it has addresses, interface level otherwise', () => {
    const { app, iface, seen } = setup();
    iface.emit(['10.0.0.1'], { discovery: 'interface', configurators: [url('0.0.0.0')] });
    expect(seen.at(-1)?.hosts).toEqual(['10.0.0.1']);
    app.emit(['10.0.0.5'], { discovery: 'application' });
    expect(seen.at(-1)?.hosts).toEqual(['10.0.0.5']);
    // Rule URLs still come from the interface-level dirs.
    expect(seen.at(-1)?.notice.configurators).toHaveLength(1);
    app.emit([]);
    expect(seen.at(-1)?.hosts).toEqual(['10.0.0.1']);
  });

  it('does not pass on an empty interface-level list before application level answered', () => {
    const { app, iface, seen } = setup();
    iface.emit([]);
    expect(seen).toEqual([]);
    app.emit(['10.0.0.5']);
    expect(seen.map((s) => s.hosts)).toEqual([['10.0.0.5']]);
  });

  it('needs the threshold ratio to prefer application level', () => {
    const { app, iface, seen } = setup({ threshold: 1 });
    iface.emit(['10.0.0.1', '10.0.0.2']);
    app.emit(['10.0.0.5']);
    expect(seen.at(-1)?.hosts).toEqual(['10.0.0.1', '10.0.0.2']);
    app.emit(['10.0.0.5', '10.0.0.6']);
    expect(seen.at(-1)?.hosts).toEqual(['10.0.0.5', '10.0.0.6']);
  });

  it('forced steps use one side only; registration goes to interface level', async () => {
    const forced = setup({ step: 'FORCE_INTERFACE' });
    expect(forced.app.listener).toBeUndefined();
    forced.iface.emit(['10.0.0.1']);
    expect(forced.seen.at(-1)?.hosts).toEqual(['10.0.0.1']);
    await forced.registry.register('consumer://x/y');
    expect(forced.iface.registered).toEqual(['consumer://x/y']);
    const app = setup({ step: 'FORCE_APPLICATION' });
    expect(app.iface.listener).toBeUndefined();
  });

  it('unsubscribes both sides', () => {
    const { app, iface, stop } = setup();
    stop();
    expect(app.listener).toBeUndefined();
    expect(iface.listener).toBeUndefined();
  });
});
