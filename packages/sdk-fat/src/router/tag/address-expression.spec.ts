import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AddressExpression, parseAddressExpression, parseIpv6 } from './address-expression.js';

function expression(text: string): AddressExpression {
  const parsed = parseAddressExpression(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

describe('parseAddressExpression (Java NetUtils.matchIpExpression + 0.0.0.0:<port>)', () => {
  it('matches exact addresses, with or without a port', () => {
    expect(expression('10.0.0.2:50051').matches('10.0.0.2', 50051)).toBe(true);
    expect(expression('10.0.0.2:50051').matches('10.0.0.2', 20880)).toBe(false);
    expect(expression('10.0.0.2').matches('10.0.0.2', 20880)).toBe(true);
    expect(expression('10.0.0.2').matches('10.0.0.20', 20880)).toBe(false);
  });

  it('matches *, segment wildcards and ranges', () => {
    expect(expression('*').matches('anything', 1)).toBe(true);
    expect(expression('10.0.0.*').matches('10.0.0.77', 1)).toBe(true);
    expect(expression('10.0.1-3.*:80').matches('10.0.2.5', 80)).toBe(true);
    expect(expression('10.0.1-3.*:80').matches('10.0.4.5', 80)).toBe(false);
    expect(expression('10.0.0.*').matches('my-host', 1)).toBe(false);
  });

  it('0.0.0.0:<port> is any host on that port', () => {
    expect(expression('0.0.0.0:20880').matches('10.0.0.4', 20880)).toBe(true);
    expect(expression('0.0.0.0:20880').matches('10.0.0.4', 50051)).toBe(false);
  });

  it('matches CIDR blocks and IPv6 literals', () => {
    expect(expression('10.0.0.0/30').matches('10.0.0.3', 1)).toBe(true);
    expect(expression('10.0.0.0/30').matches('10.0.0.4', 1)).toBe(false);
    expect(expression('fd00::/8').matches('fd12::1', 1)).toBe(true);
    expect(expression('[::1]:50051').matches('0:0:0:0:0:0:0:1', 50051)).toBe(true);
    expect(expression('::ffff:10.0.0.1').matches('::ffff:a00:1', 5)).toBe(true);
  });

  it('compares host names as written, ignoring case', () => {
    expect(expression('Provider-1.local:50051').matches('provider-1.local', 50051)).toBe(true);
  });

  it('rejects malformed expressions', () => {
    for (const bad of [
      '',
      '10.0.0.256',
      '10.0.0.1:http',
      '10.0.0.1:70000',
      '10.0.0.0/33',
      '[::1',
      'a b',
      '1.2.3-1.4',
    ]) {
      expect(typeof parseAddressExpression(bad), bad).toBe('string');
    }
  });

  it('an IPv4 address and port always match themselves and a /32 of themselves', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(fc.tuple(octet, octet, octet, octet), fc.integer({ min: 1, max: 65535 }), (parts, port) => {
        const host = parts.join('.');
        expect(expression(`${host}:${port}`).matches(host, port)).toBe(true);
        expect(expression(`${host}/32`).matches(host, port)).toBe(true);
        expect(expression(`${parts.slice(0, 3).join('.')}.*`).matches(host, port)).toBe(true);
      }),
    );
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        const parsed = parseAddressExpression(text);
        if (typeof parsed !== 'string') parsed.matches('10.0.0.1', 1);
      }),
      { numRuns: 2000 },
    );
  });

  it('parseIpv6 reads compressed, full and IPv4-tailed forms alike', () => {
    expect(parseIpv6('::1')).toBe(1n);
    expect(parseIpv6('0:0:0:0:0:0:0:1')).toBe(1n);
    expect(parseIpv6('::ffff:1.2.3.4')).toBe(parseIpv6('::ffff:102:304'));
    expect(parseIpv6('1::2::3')).toBeUndefined();
    expect(parseIpv6('10.0.0.1')).toBeUndefined();
  });
});
