import { Code, RpcError } from '@dubbo-mesh/codec-triple';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultAuthority, type Endpoint, formatEndpoint, parseEndpoint } from './endpoint.js';

/** The error `parseEndpoint(text)` throws; fails the test when it does not throw an RpcError. */
function parseError(text: string): RpcError {
  try {
    parseEndpoint(text);
  } catch (err) {
    if (err instanceof RpcError) return err;
    throw err;
  }
  throw new Error(`expected parseEndpoint(${JSON.stringify(text)}) to throw`);
}

describe('parseEndpoint', () => {
  it.each<[string, Endpoint]>([
    ['127.0.0.1:50051', { kind: 'tcp', host: '127.0.0.1', port: 50051, tls: false }],
    ['provider.internal:20880', { kind: 'tcp', host: 'provider.internal', port: 20880, tls: false }],
    ['localhost:1', { kind: 'tcp', host: 'localhost', port: 1, tls: false }],
    ['localhost:65535', { kind: 'tcp', host: 'localhost', port: 65535, tls: false }],
    ['[::1]:50051', { kind: 'tcp', host: '::1', port: 50051, tls: false }],
    ['[fe80::1:2]:8080', { kind: 'tcp', host: 'fe80::1:2', port: 8080, tls: false }],
    ['http://example.com:80', { kind: 'tcp', host: 'example.com', port: 80, tls: false }],
    ['http://example.com:80/', { kind: 'tcp', host: 'example.com', port: 80, tls: false }],
    ['https://example.com:443', { kind: 'tcp', host: 'example.com', port: 443, tls: true }],
    ['https://[::1]:8443', { kind: 'tcp', host: '::1', port: 8443, tls: true }],
  ])('parses %s', (text, expected) => {
    expect(parseEndpoint(text)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['unix:/var/run/dubbo/sidecar.sock', '/var/run/dubbo/sidecar.sock'],
    ['unix:///var/run/dubbo/sidecar.sock', '/var/run/dubbo/sidecar.sock'],
    ['unix:/tmp/a b.sock', '/tmp/a b.sock'],
  ])('parses the unix socket %s', (text, path) => {
    expect(parseEndpoint(text)).toEqual({ kind: 'unix', path, tls: false });
  });

  it('rejects a relative unix path, saying an absolute one is needed', () => {
    const error = parseError('unix:run/sidecar.sock');
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.message).toContain('"unix:run/sidecar.sock"');
    expect(error.message).toContain('absolute path');
  });

  it.each([
    'host:0',
    'host:65536',
    'host:99999',
    'host:123456',
    'host:-1',
    'host:',
    'host:http',
    'host:80.5',
  ])('rejects the bad port in %s with InvalidArgument naming the input', (text) => {
    const error = parseError(text);
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.message).toContain(`"${text}"`);
  });

  it.each([
    '',
    'localhost',
    '50051',
    ':50051',
    'http://',
    'https://:443',
    'ftp://host:21',
    'host:80/path',
    '::1:80',
    '[::1]',
    '[not-ip]:80',
    'a host:80',
    'host:80 ',
    'unix:',
  ])('rejects %j with InvalidArgument naming the input', (text) => {
    const error = parseError(text);
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toContain(`invalid endpoint "${text}"`);
  });

  it('round-trips any host and port through formatEndpoint', () => {
    const host = fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6());
    const port = fc.integer({ min: 1, max: 65535 });
    fc.assert(
      fc.property(host, port, fc.boolean(), (h, p, tls) => {
        const endpoint: Endpoint = { kind: 'tcp', host: h, port: p, tls };
        expect(parseEndpoint(formatEndpoint(endpoint))).toEqual(endpoint);
      }),
    );
  });

  it('round-trips any absolute unix path through formatEndpoint', () => {
    const segment = fc.stringMatching(/^[\w.-]{1,12}$/);
    const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => `/${parts.join('/')}`);
    fc.assert(
      fc.property(path, (p) => {
        const endpoint: Endpoint = { kind: 'unix', path: p, tls: false };
        expect(parseEndpoint(formatEndpoint(endpoint))).toEqual(endpoint);
      }),
    );
  });
});

describe('formatEndpoint', () => {
  it('writes https:// only for TLS, brackets IPv6 hosts, and unix: for sockets', () => {
    expect(formatEndpoint({ kind: 'tcp', host: 'h', port: 1, tls: false })).toBe('h:1');
    expect(formatEndpoint({ kind: 'tcp', host: 'h', port: 1, tls: true })).toBe('https://h:1');
    expect(formatEndpoint({ kind: 'tcp', host: '::1', port: 2, tls: false })).toBe('[::1]:2');
    expect(formatEndpoint({ kind: 'unix', path: '/run/s.sock', tls: false })).toBe('unix:/run/s.sock');
  });
});

describe('defaultAuthority', () => {
  it('is localhost over a unix socket, whatever the path', () => {
    expect(defaultAuthority(parseEndpoint('unix:/var/run/sidecar.sock'))).toBe('localhost');
    expect(defaultAuthority(parseEndpoint('unix:///tmp/x.sock'))).toBe('localhost');
  });

  it('is host:port over TCP, with IPv6 hosts in brackets, and ignores TLS', () => {
    expect(defaultAuthority(parseEndpoint('10.0.0.7:20880'))).toBe('10.0.0.7:20880');
    expect(defaultAuthority(parseEndpoint('https://api.example.com:443'))).toBe('api.example.com:443');
    expect(defaultAuthority(parseEndpoint('[::1]:50051'))).toBe('[::1]:50051');
  });
});
