import { describe, expect, it } from 'vitest';
import { mergeProviderParams } from './merge-provider-params.js';

describe('mergeProviderParams (governance.md §7 precedence)', () => {
  const provider = {
    application: 'greeter-provider',
    group: 'blue',
    version: '1.0.0',
    release: '3.3.0',
    dubbo: '2.0.2',
    methods: 'greet',
    timestamp: '1',
    'dubbo.tag': 'gray',
    timeout: '1000',
    threads: '200',
    'default.transporter': 'netty',
  };

  it('lays consumer values over provider values except the provider-first keys', () => {
    const merged = mergeProviderParams(provider, {
      application: 'shop-web',
      params: {
        group: 'red',
        version: '2',
        release: 'x',
        dubbo: 'x',
        methods: 'x',
        timestamp: 'x',
        'dubbo.tag': 'x',
        timeout: '3000',
        retries: '4',
      },
    });
    expect(merged).toEqual({
      application: 'shop-web',
      'remote.application': 'greeter-provider',
      side: 'consumer',
      group: 'blue',
      version: '1.0.0',
      release: '3.3.0',
      dubbo: '2.0.2',
      methods: 'greet',
      timestamp: '1',
      'dubbo.tag': 'gray',
      timeout: '3000',
      retries: '4',
    });
  });

  it('takes the consumer group and version when the provider has none', () => {
    expect(mergeProviderParams({}, { application: 'a', params: { group: 'g', version: 'v' } })).toMatchObject(
      { group: 'g', version: 'v' },
    );
  });
});
