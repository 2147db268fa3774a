import { describe, expect, it } from 'vitest';
import { inboundResponseHeaders, inboundTrailers, outboundRequestHeaders } from './forward-headers.js';

describe('outboundRequestHeaders', () => {
  const inbound = {
    ':method': 'POST',
    ':path': '/org.demo.Greeter/sayHello',
    ':authority': 'sidecar',
    ':scheme': 'http',
    'content-type': 'application/grpc+proto',
    te: 'trailers',
    'grpc-timeout': '5S',
    'tri-service-version': '1.0.0',
    'dubbo.tag': 'gray',
    connection: 'keep-alive',
    'keep-alive': 'timeout=5',
    'x-multi': ['a', 'b'],
  };

  it('keeps the end-to-end headers and the method and path, and drops pseudo and hop-by-hop ones', () => {
    const out = outboundRequestHeaders(inbound, undefined);
    expect(out).toEqual({
      ':method': 'POST',
      ':path': '/org.demo.Greeter/sayHello',
      'content-type': 'application/grpc+proto',
      te: 'trailers',
      'tri-service-version': '1.0.0',
      'dubbo.tag': 'gray',
      // Joined: the channel sends text values (RFC 9110 §5.3).
      'x-multi': 'a, b',
    });
  });

  it('replaces grpc-timeout with the time left', () => {
    expect(outboundRequestHeaders(inbound, 4321.2)['grpc-timeout']).toBe('4322m');
    // Past the deadline it still sends the smallest timeout, never none (the deadline timer fails the call).
    expect(outboundRequestHeaders(inbound, -5)['grpc-timeout']).toBe('1m');
  });

  it('forwards te only as trailers', () => {
    expect(outboundRequestHeaders({ ...inbound, te: 'gzip' }, undefined).te).toBeUndefined();
  });
});

describe('response headers and trailers', () => {
  it('keeps :status and the end-to-end headers', () => {
    expect(
      inboundResponseHeaders({
        ':status': 200,
        'content-type': 'application/grpc',
        'grpc-encoding': 'identity',
        'x-echo-header': 'hi',
        'transfer-encoding': 'chunked',
      }),
    ).toEqual({
      ':status': 200,
      'content-type': 'application/grpc',
      'grpc-encoding': 'identity',
      'x-echo-header': 'hi',
    });
  });

  it('copies trailers without pseudo-headers', () => {
    expect(inboundTrailers({ 'grpc-status': '5', 'grpc-message': 'gone', 'x-bin-bin': 'AQID' })).toEqual({
      'grpc-status': '5',
      'grpc-message': 'gone',
      'x-bin-bin': 'AQID',
    });
  });

  it('passes clean headers and trailers on as they came (no copy per call), and copies the rest', () => {
    const headers = { ':status': 200, 'content-type': 'application/grpc', te: 'trailers' };
    expect(inboundResponseHeaders(headers)).toBe(headers);
    const trailers = { 'grpc-status': '0' };
    expect(inboundTrailers(trailers)).toBe(trailers);
    const withPseudo = { ':status': 200, 'grpc-status': '0' };
    expect(inboundTrailers(withPseudo)).toEqual({ 'grpc-status': '0' });
    const hopByHop = { ':status': 200, connection: 'close', te: 'gzip' };
    expect(inboundResponseHeaders(hopByHop)).toEqual({ ':status': 200 });
  });
});
