import { describe, expect, it } from 'vitest';
import { MetadataLoader, type MetadataSources, metadataServiceEndpoint } from './metadata-loader.js';
import type { ServiceInstance } from './service-instance.js';

function instance(overrides: Partial<ServiceInstance> = {}): ServiceInstance {
  return {
    app: 'a',
    id: '10.0.0.1:50051',
    host: '10.0.0.1',
    port: 50051,
    metadata: {},
    revision: 'r1',
    storageType: 'local',
    endpoints: [{ protocol: 'tri', port: 50051 }],
    metadataServiceParams: { protocol: 'tri', port: '50060' },
    metadataVersion: '2.0.0',
    ...overrides,
  };
}

const JSON_INFO = JSON.stringify({ app: 'a', services: { 'S:tri': { name: 'S', protocol: 'tri' } } });
const V2_INFO = {
  app: 'a',
  version: 'r1',
  services: { 'S:tri': { name: 'S', protocol: 'tri', port: 0, path: 'S', params: {} } },
};

function sources(
  overrides: Partial<MetadataSources> & { calls?: string[] } = {},
): MetadataSources & { calls: string[] } {
  const calls = overrides.calls ?? [];
  return {
    calls,
    readRemote: async (app, revision) => {
      calls.push(`remote ${app}/${revision}`);
      return JSON_INFO;
    },
    callV2: async (endpoint) => {
      calls.push(`v2 ${endpoint}`);
      return V2_INFO;
    },
    ...overrides,
  };
}

describe('metadataServiceEndpoint', () => {
  it('prefers tri URL params, then the tri endpoint, then the instance port when nothing is published', () => {
    expect(metadataServiceEndpoint(instance())).toBe('10.0.0.1:50060');
    expect(
      metadataServiceEndpoint(instance({ metadataServiceParams: { protocol: 'dubbo', port: '20880' } })),
    ).toBe('10.0.0.1:50051');
    expect(metadataServiceEndpoint(instance({ metadataServiceParams: undefined, endpoints: [] }))).toBe(
      '10.0.0.1:50051',
    );
    expect(
      metadataServiceEndpoint(
        instance({ metadataServiceParams: { protocol: 'dubbo', port: '1' }, endpoints: [] }),
      ),
    ).toBeUndefined();
  });
});

describe('MetadataLoader', () => {
  it('reads the metadata report for remote storage', async () => {
    const s = sources();
    const info = await new MetadataLoader(s).load('a', 'r1', [instance({ storageType: 'remote' })]);
    expect(info.services.map((service) => service.name)).toEqual(['S']);
    expect(s.calls).toEqual(['remote a/r1']);
  });

  it('asks the instance over MetadataServiceV2 for local storage with meta-v 2.0.0, once per revision', async () => {
    const s = sources();
    const loader = new MetadataLoader(s);
    await loader.load('a', 'r1', [instance()]);
    await loader.load('a', 'r1', [instance()]);
    expect(s.calls).toEqual(['v2 10.0.0.1:50060']);
    expect(loader.cached('a', 'r1')?.services[0]?.path).toBe('S');
  });

  it('tries the next instance, then the metadata report, when V2 calls fail', async () => {
    const calls: string[] = [];
    const s = sources({
      calls,
      callV2: async (endpoint) => {
        calls.push(`v2 ${endpoint}`);
        throw new Error('UNAVAILABLE');
      },
    });
    const info = await new MetadataLoader(s).load('a', 'r1', [
      instance(),
      instance({ id: 'b', host: '10.0.0.2' }),
    ]);
    expect(info.app).toBe('a');
    expect(calls).toEqual(['v2 10.0.0.1:50060', 'v2 10.0.0.2:50060', 'remote a/r1']);
  });

  it('fails with every reason when nothing works, and retries next time', async () => {
    let remote: string | undefined;
    const s = sources({ readRemote: async () => remote });
    const loader = new MetadataLoader(s);
    await expect(loader.load('a', 'r1', [instance({ metadataVersion: '1.0.0' })])).rejects.toThrow(
      /cannot load metadata of a revision r1: instances offer only MetadataService v1.*; no metadata report node/,
    );
    remote = JSON_INFO;
    await expect(loader.load('a', 'r1', [instance({ metadataVersion: '1.0.0' })])).resolves.toMatchObject({
      app: 'a',
    });
  });
});
