import { describe, expect, it } from 'vitest';
import { buildInstanceProviders, groupByRevision, servicePort } from './instance-urls.js';
import type { MetadataInfo, ServiceInfo } from './metadata-info.js';
import type { ServiceInstance } from './service-instance.js';

function instance(
  host: string,
  revision: string | undefined,
  overrides: Partial<ServiceInstance> = {},
): ServiceInstance {
  return {
    app: 'greeter-provider',
    id: `${host}:50051`,
    host,
    port: 50051,
    metadata: { timestamp: '1717000000000', 'dubbo.metadata.revision': revision ?? '0', region: 'hz' },
    revision,
    storageType: 'remote',
    endpoints: [],
    metadataServiceParams: undefined,
    metadataVersion: '1.0.0',
    ...overrides,
  };
}

function service(overrides: Partial<ServiceInfo> = {}): ServiceInfo {
  return {
    name: 'org.demo.Greeter',
    group: undefined,
    version: undefined,
    protocol: 'tri',
    port: 0,
    path: 'org.demo.Greeter',
    params: { methods: 'greet,ping', region: 'sh' },
    ...overrides,
  };
}

const info = (services: ServiceInfo[]): MetadataInfo => ({
  app: 'greeter-provider',
  revision: 'r1',
  services,
});

describe('application-level provider URLs (governance.md §2.3, §9 case 17)', () => {
  it('ignores instances with revision "0" or none', () => {
    const groups = groupByRevision([
      instance('10.0.0.1', 'r1'),
      instance('10.0.0.2', undefined),
      instance('10.0.0.3', 'r1'),
    ]);
    expect([...groups.keys()]).toEqual(['r1']);
    expect(groups.get('r1')!.map((i) => i.host)).toEqual(['10.0.0.1', '10.0.0.3']);
  });

  it('port precedence: ServiceInfo port > dubbo.endpoints port for the protocol > instance port', () => {
    const endpoints = [
      { protocol: 'dubbo', port: 20880 },
      { protocol: 'tri', port: 50052 },
    ];
    expect(servicePort(service({ port: 50099 }), instance('h', 'r1', { endpoints }))).toBe(50099);
    expect(servicePort(service(), instance('h', 'r1', { endpoints }))).toBe(50052);
    expect(servicePort(service({ protocol: 'rest' }), instance('h', 'r1', { endpoints }))).toBe(50051);
  });

  it('builds one URL per matching service per instance; ServiceInfo params over instance metadata', () => {
    const metadata = new Map([
      ['r1', info([service(), service({ name: 'org.demo.Other', path: 'org.demo.Other' })])],
    ]);
    const providers = buildInstanceProviders(
      { serviceName: 'org.demo.Greeter' },
      [instance('10.0.0.1', 'r1'), instance('10.0.0.2', 'r1'), instance('10.0.0.3', undefined)],
      metadata,
    );
    expect(providers.map((p) => p.address)).toEqual(['10.0.0.1:50051', '10.0.0.2:50051']);
    expect(providers[0]!.params).toEqual({
      timestamp: '1717000000000',
      region: 'sh',
      methods: 'greet,ping',
      interface: 'org.demo.Greeter',
      application: 'greeter-provider',
    });
    expect(providers[0]!.url).toBe(
      'tri://10.0.0.1:50051/org.demo.Greeter?application=greeter-provider&interface=org.demo.Greeter&methods=greet,ping&region=sh&timestamp=1717000000000',
    );
  });

  it('matches version and group, and skips revisions without loaded metadata', () => {
    const metadata = new Map([['r1', info([service({ version: '1.0.0', group: 'blue' })])]]);
    const instances = [instance('10.0.0.1', 'r1'), instance('10.0.0.2', 'r2')];
    expect(buildInstanceProviders({ serviceName: 'org.demo.Greeter' }, instances, metadata)).toEqual([]);
    const found = buildInstanceProviders(
      { serviceName: 'org.demo.Greeter', version: '1.0.0', group: 'blue' },
      instances,
      metadata,
    );
    expect(found.map((p) => [p.address, p.params.version, p.params.group])).toEqual([
      ['10.0.0.1:50051', '1.0.0', 'blue'],
    ]);
  });
});
