import { describe, expect, it } from 'vitest';
import { loopbackAddressOf, socketPathOf } from './listen-address.js';

describe('socketPathOf', () => {
  it('accepts unix:/abs, unix:///abs and /abs', () => {
    expect(socketPathOf('unix:/run/s.sock')).toBe('/run/s.sock');
    expect(socketPathOf('unix:///run/s.sock')).toBe('/run/s.sock');
    expect(socketPathOf('/run/s.sock')).toBe('/run/s.sock');
  });

  it('refuses a relative path', () => {
    expect(() => socketPathOf('unix:s.sock')).toThrow(/not unix:\/absolute\/path/);
  });
});

describe('loopbackAddressOf', () => {
  it.each([
    ['127.0.0.1:9464', { host: '127.0.0.1', port: 9464 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['localhost:80', { host: 'localhost', port: 80 }],
    ['[::1]:9000', { host: '::1', port: 9000 }],
    ['[::1]:0', { host: '::1', port: 0 }],
  ])('reads %s', (text, expected) => {
    expect(loopbackAddressOf(text)).toEqual(expected);
  });

  it.each([
    ['0.0.0.0:9464', /not a loopback/],
    ['10.0.0.1:9464', /not a loopback/],
    ['example.org:0', /not a loopback/],
    ['9464', /not host:port/],
    ['http://127.0.0.1:1', /not host:port/],
  ])('refuses %s', (text, pattern) => {
    expect(() => loopbackAddressOf(text)).toThrow(pattern);
  });
});
