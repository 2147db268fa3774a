import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseServiceInstance } from './service-instance.js';

/** governance.md §2.1, as Java 3.3 writes it. */
const JAVA = JSON.stringify({
  name: 'greeter-provider',
  id: '10.0.0.1:50051',
  address: '10.0.0.1',
  port: 50051,
  sslPort: null,
  payload: {
    '@class': 'org.apache.dubbo.registry.zookeeper.ZookeeperInstance',
    id: '10.0.0.1:50051',
    name: 'greeter-provider',
    metadata: {
      'dubbo.metadata.revision': '02c0ec2be52e9d9f54872b85d88e351c',
      'dubbo.metadata.storage-type': 'local',
      'dubbo.endpoints': '[{"port":50051,"protocol":"tri"},{"port":20880,"protocol":"dubbo"}]',
      'dubbo.metadata-service.url-params':
        '{"version":"1.0.0","dubbo":"2.0.2","side":"provider","port":"20880","protocol":"dubbo"}',
      'meta-v': '1.0.0',
      timestamp: '1717000000000',
    },
  },
  registrationTimeUTC: 1717000001000,
  serviceType: 'DYNAMIC',
  uriSpec: null,
});

describe('parseServiceInstance', () => {
  it('reads the Java instance JSON of governance.md §2.1', () => {
    const instance = parseServiceInstance(JAVA, 'greeter-provider', '10.0.0.1:50051');
    expect(instance).toEqual({
      app: 'greeter-provider',
      id: '10.0.0.1:50051',
      host: '10.0.0.1',
      port: 50051,
      metadata: expect.objectContaining({ timestamp: '1717000000000' }),
      revision: '02c0ec2be52e9d9f54872b85d88e351c',
      storageType: 'local',
      endpoints: [
        { protocol: 'tri', port: 50051 },
        { protocol: 'dubbo', port: 20880 },
      ],
      metadataServiceParams: {
        version: '1.0.0',
        dubbo: '2.0.2',
        side: 'provider',
        port: '20880',
        protocol: 'dubbo',
      },
      metadataVersion: '1.0.0',
    });
  });

  it("reads dubbo-go's shape: no sslPort/serviceType/uriSpec, an extra tag, no @class", () => {
    const go = JSON.stringify({
      name: 'go-app',
      id: '10.0.0.2:20000',
      address: '10.0.0.2',
      port: 20000,
      payload: {
        id: '10.0.0.2:20000',
        name: 'go-app',
        metadata: { 'dubbo.metadata.revision': 'r1', 'dubbo.metadata.storage-type': 'remote' },
      },
      tag: '',
    });
    const instance = parseServiceInstance(go, 'go-app', '10.0.0.2:20000');
    expect(instance).toMatchObject({
      host: '10.0.0.2',
      port: 20000,
      revision: 'r1',
      storageType: 'remote',
      endpoints: [],
    });
  });

  it('takes the address and port from the node name when the JSON lacks them', () => {
    expect(parseServiceInstance('{"payload":{"metadata":{}}}', 'a', '10.0.0.3:7000')).toMatchObject({
      host: '10.0.0.3',
      port: 7000,
      app: 'a',
    });
  });

  it('treats revision "0" as no revision and defaults storage to local', () => {
    const instance = parseServiceInstance(
      '{"address":"h","port":1,"payload":{"metadata":{"dubbo.metadata.revision":"0"}}}',
      'a',
      'h:1',
    );
    expect(instance).toMatchObject({ revision: undefined, storageType: 'local' });
  });

  it('returns a reason for garbage', () => {
    expect(parseServiceInstance('{not json', 'a', 'x')).toMatch(/does not parse/);
    expect(parseServiceInstance('[1,2]', 'a', 'x')).toBe('instance JSON is not an object');
    expect(parseServiceInstance('{}', 'a', 'nameless')).toBe('instance has no address');
    expect(parseServiceInstance('{"address":"h","port":"x"}', 'a', 'h')).toBe('instance has no valid port');
  });

  it('never throws, whatever the node holds', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), fc.string(), (text, name) => {
        const result = parseServiceInstance(text, 'app', name);
        expect(typeof result === 'string' || typeof result.host === 'string').toBe(true);
      }),
    );
  });
});
