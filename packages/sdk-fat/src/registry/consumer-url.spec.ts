import { describe, expect, it } from 'vitest';
import { parseProviderUrl } from '../provider/provider-url.js';
import { consumerUrl, localIpv4 } from './consumer-url.js';

describe('consumerUrl', () => {
  it("writes Java's consumer URL with sorted keys", () => {
    const url = consumerUrl(
      { serviceName: 'org.demo.Greeter', version: '1.0.0', group: 'g' },
      { application: 'shop-web', host: '10.1.0.9', timestamp: 1717000000000, pid: 42 },
    );
    expect(url).toBe(
      'consumer://10.1.0.9/org.demo.Greeter?application=shop-web&category=consumers&check=false&dubbo=2.0.2&group=g' +
        '&interface=org.demo.Greeter&pid=42&side=consumer&timestamp=1717000000000&version=1.0.0',
    );
    expect(typeof parseProviderUrl(url)).toBe('object');
  });

  it('finds an IPv4 address for this host', () => {
    expect(localIpv4()).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });
});
