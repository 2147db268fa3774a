import { describe, expect, it } from 'vitest';
import { describeInboundCall } from './inbound-call.js';

describe('describeInboundCall', () => {
  it('reads service, method, key, consumer, attachments and deadline from the headers alone', () => {
    const call = describeInboundCall({
      ':path': '/org.demo.Greeter/sayHello',
      ':authority': 'anything-at-all',
      'content-type': 'application/grpc',
      'tri-service-version': '1.0.0',
      'tri-service-group': 'g1',
      'tri-consumer-appname': 'shop-web',
      'grpc-timeout': '1500u',
      'dubbo.tag': 'gray',
      userid: '42',
      'trace-bin': 'AQID',
      te: 'trailers',
      'user-agent': 'grpc-node-js/1.14.7',
    });
    expect(call).toEqual({
      path: '/org.demo.Greeter/sayHello',
      service: 'org.demo.Greeter',
      method: 'sayHello',
      key: { serviceName: 'org.demo.Greeter', version: '1.0.0', group: 'g1' },
      application: 'shop-web',
      attachments: { 'dubbo.tag': 'gray', userid: '42' },
      timeoutMs: 1.5,
    });
  });

  it('leaves out what the headers do not say', () => {
    expect(describeInboundCall({ ':path': '/a.B/m', 'grpc-timeout': 'bogus' })).toEqual({
      path: '/a.B/m',
      service: 'a.B',
      method: 'm',
      key: { serviceName: 'a.B' },
      application: undefined,
      attachments: {},
      timeoutMs: undefined,
    });
  });

  it.each(['', '/', '/only-service', '/a/b/c', '/a.B/m?x=1'])('refuses the path %j', (path) => {
    expect(describeInboundCall({ ':path': path })).toMatch(/is not \/<service>\/<method>/);
  });
});
