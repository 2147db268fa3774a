import { parseProviderUrl } from '@dubbo-mesh/sdk-fat';
import { describe, expect, it } from 'vitest';
import { parseServedProvider, servedProviderUrl } from './served-provider.js';

describe('parseServedProvider', () => {
  it('reads <service>=<host:port>[?params]', () => {
    expect(parseServedProvider('org.demo.Greeter=10.0.0.5:50051')).toEqual({
      service: 'org.demo.Greeter',
      address: '10.0.0.5:50051',
      params: {},
    });
    expect(parseServedProvider('org.demo.Greeter=127.0.0.1:50051?version=1.0.0&region=hz')).toEqual({
      service: 'org.demo.Greeter',
      address: '127.0.0.1:50051',
      params: { version: '1.0.0', region: 'hz' },
    });
  });

  it.each([
    ['org.demo.Greeter', /is not <service>=<host:port>/],
    ['=127.0.0.1:1', /is not <service>=<host:port>/],
    ['a/b=127.0.0.1:1', /is not a service name/],
    ['a.B=nowhere', /is not host:port/],
    ['a.B=unix:/x.sock', /is not host:port/],
    ['a.B=https://h:1', /is not host:port/],
  ])('refuses %j', (text, pattern) => {
    expect(() => parseServedProvider(text)).toThrow(pattern);
  });
});

describe('servedProviderUrl', () => {
  it('writes the provider URL Java would register, parameters sorted and encoded', () => {
    const url = servedProviderUrl(
      parseServedProvider('org.demo.Greeter=10.0.0.5:50051?version=1.0.0&note=a%26b'),
      {
        application: 'greeter',
        timestamp: 1700000000000,
        pid: 42,
      },
    );
    expect(url).toBe(
      'tri://10.0.0.5:50051/org.demo.Greeter?anyhost=false&application=greeter&category=providers&dubbo=2.0.2' +
        '&dynamic=true&interface=org.demo.Greeter&note=a%26b&pid=42&side=provider&timestamp=1700000000000&version=1.0.0',
    );
    const parsed = parseProviderUrl(url);
    expect(parsed).toMatchObject({ address: '10.0.0.5:50051', path: 'org.demo.Greeter' });
    expect(typeof parsed !== 'string' && parsed.params.note).toBe('a&b');
  });
});
