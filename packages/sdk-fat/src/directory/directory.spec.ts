import { describe, expect, it } from 'vitest';
import { RuleError } from '../rules/rule-error.js';
import { Directory } from './directory.js';
import { ALL, documents, GREETER, P1, P2, P3, P4, provider, SHOP_WEB } from './providers.fixture.js';

function directory(referenceParams: Record<string, string> = {}): Directory {
  return new Directory({ service: { serviceName: GREETER }, consumer: SHOP_WEB, referenceParams });
}

const hosts = (d: Directory): string[] => d.providers.providers.map((p) => p.host);

describe('Directory', () => {
  it('calls tri providers and lists the others with a reason', () => {
    const d = directory();
    d.update(ALL);
    expect(hosts(d)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    const p4 = d.listed.find((entry) => entry.provider.host === '10.0.0.4');
    expect(p4?.skipped).toMatch(/protocol dubbo is not callable/);
    expect(d.listed.filter((entry) => entry.skipped === undefined)).toHaveLength(3);
  });

  it('merges consumer reference params over provider params, provider-first keys kept (§7)', () => {
    const d = directory({ timeout: '2000', group: 'g', release: '9.9', 'dubbo.tag': 'blue', weight: '5' });
    d.update([P3]);
    const [merged] = d.providers.providers;
    expect(merged!.params).toMatchObject({
      timeout: '2000',
      weight: '5',
      release: '3.3.0',
      dubbo: '2.0.2',
      timestamp: '1717000000000',
      'dubbo.tag': 'gray',
      application: 'shop-web',
      'remote.application': 'greeter-provider',
      side: 'consumer',
      region: 'hz',
      env: 'gray',
    });
    // The provider has no group, so the consumer's applies (Java keeps group only when present).
    expect(merged!.params.group).toBe('g');
    expect(merged!.url).toBe(P3.url);
  });

  it('drops provider thread-pool keys and keeps a provider group over the consumer one', () => {
    const d = directory({ group: 'mine' });
    d.update([provider(`tri://10.0.0.7:50051/${GREETER}?group=theirs&threads=200&default.threadpool=fixed`)]);
    const params = d.providers.providers[0]!.params;
    expect(params.group).toBe('theirs');
    expect(params.threads).toBeUndefined();
    expect(params['default.threadpool']).toBeUndefined();
  });

  it('§9 case 13: consumer timeout 3000 for app shop-web reaches every invoker; providerAddresses+disabled removes P2', () => {
    const d = directory();
    d.update(ALL);
    d.setConfiguratorRules(
      documents(`
configVersion: v3.0
scope: service
key: org.demo.Greeter
enabled: true
configs:
  - side: consumer
    match: {app: {oneof: [{exact: shop-web}]}}
    parameters: {timeout: 3000}
  - side: consumer
    providerAddresses: ["10.0.0.2:50051"]
    parameters: {disabled: true}
`),
    );
    expect(hosts(d)).toEqual(['10.0.0.1', '10.0.0.3']);
    for (const entry of d.listed) expect(entry.provider.params.timeout).toBe('3000');
    expect(d.listed.find((entry) => entry.provider.host === '10.0.0.2')?.skipped).toBe('disabled=true');
  });

  it('ignores configurator items for another consumer app, address or side', () => {
    const d = directory();
    d.update([P1, P2]);
    d.setConfiguratorRules(
      documents(`
configVersion: v3.0
key: org.demo.Greeter
configs:
  - {side: consumer, match: {app: {oneof: [{exact: other-app}]}}, parameters: {timeout: 1}}
  - {side: consumer, match: {address: {wildcard: "10.2.*"}}, parameters: {timeout: 2}}
  - {side: consumer, addresses: ["10.9.9.9"], parameters: {timeout: 3}}
  - {side: provider, parameters: {timeout: 4}}
  - {side: consumer, match: {address: {cird: "10.1.0.0/16"}}, parameters: {retries: 7}}
`),
    );
    for (const p of d.providers.providers) {
      expect(p.params.timeout).toBeUndefined();
      expect(p.params.retries).toBe('7');
    }
  });

  it('applies application-scope rules before service-scope rules', () => {
    const d = directory();
    d.update([P1]);
    d.setConfiguratorRules(
      documents(`
configVersion: v3.0
scope: service
key: org.demo.Greeter
configs: [{side: consumer, parameters: {timeout: 200}}]
---
configVersion: v3.0
scope: application
key: shop-web
configs: [{side: consumer, parameters: {timeout: 100, retries: 1}}]
`),
    );
    expect(d.providers.providers[0]!.params).toMatchObject({ timeout: '200', retries: '1' });
  });

  it('applies legacy override:// URLs from the registry notice, and empty:// clears them', () => {
    const d = directory();
    const override = provider(
      `override://0.0.0.0/${GREETER}?category=configurators&dynamic=false&timeout=5000`,
    );
    d.update([P1], { source: 'live', skipped: [], configurators: [override] });
    expect(d.providers.providers[0]!.params.timeout).toBe('5000');
    d.update([P1], {
      source: 'live',
      skipped: [],
      configurators: [override, provider('empty://0.0.0.0/x?category=configurators')],
    });
    expect(d.providers.providers[0]!.params.timeout).toBeUndefined();
  });

  it('drops disabled=true and enabled=false providers', () => {
    const d = directory();
    d.update([provider(`${P1.url}&disabled=true`), provider(`${P2.url}&enabled=false`), P3]);
    expect(hosts(d)).toEqual(['10.0.0.3']);
  });

  it('honours the consumer protocol restriction', () => {
    const d = new Directory({
      service: { serviceName: GREETER },
      consumer: SHOP_WEB,
      referenceParams: { protocol: 'dubbo' },
      callableProtocols: ['tri', 'dubbo'],
    });
    d.update(ALL);
    expect(hosts(d)).toEqual(['10.0.0.4']);
    expect(d.listed[0]!.skipped).toMatch(/consumer's protocol=dubbo/);
  });

  it('returns the same ProviderSet while the callable result does not change', () => {
    const d = directory();
    const changes: unknown[] = [];
    d.onChange((set) => changes.push(set));
    const first = d.update(ALL);
    expect(d.update([...ALL])).toBe(first);
    expect(d.update([P4, P1, P2, P3])).toBe(first);
    // A change that touches only a non-callable provider keeps the set too.
    expect(d.update([P1, P2, P3])).toBe(first);
    expect(changes).toEqual([first]);
    const second = d.update([P1, P3]);
    expect(second).not.toBe(first);
    // Unchanged providers keep their identity, so per-provider caches survive.
    expect(second.providers[0]).toBe(first.providers[0]);
    expect(changes).toEqual([first, second]);
  });

  it('a new configurator that changes nothing keeps the set', () => {
    const d = directory();
    const first = d.update([P1]);
    const same = d.setConfiguratorRules(
      documents(
        'configVersion: v3.0\nkey: org.other.Service\nconfigs: [{side: consumer, parameters: {timeout: 9}}]\n',
      ),
    );
    expect(same).toBe(first);
  });

  it('rejects a bad configurator document with a RuleError naming the key, keeping the previous rules', () => {
    const d = directory();
    d.update([P1]);
    d.setConfiguratorRules(
      documents('key: org.demo.Greeter\nconfigs: [{side: consumer, parameters: {timeout: 1}}]\n'),
    );
    const bad = documents('key: org.demo.Greeter\nconfigs:\n  - side: consumer\n    parameters: {}\n');
    expect(() => d.setConfiguratorRules(bad)).toThrow(RuleError);
    expect(() => d.setConfiguratorRules(bad)).toThrow(
      /key configs\[0\]\.parameters: needs at least one parameter/,
    );
    expect(d.providers.providers[0]!.params.timeout).toBe('1');
  });

  it('is fed by a registry subscription', () => {
    const d = directory();
    let listener: ((providers: readonly (typeof P1)[]) => void) | undefined;
    d.subscribe({
      subscribe: (key, l) => {
        expect(key.serviceName).toBe(GREETER);
        listener = (providers) => l(providers, { source: 'live', skipped: [] });
        return () => undefined;
      },
      close: async () => undefined,
    });
    listener?.([P1, P2]);
    expect(hosts(d)).toEqual(['10.0.0.1', '10.0.0.2']);
  });
});
