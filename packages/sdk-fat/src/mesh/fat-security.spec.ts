import { describe, expect, it } from 'vitest';
import { fatSecurity } from './fat-security.js';

const certs = { ca: 'CA', cert: 'CERT', key: 'KEY' };

describe('fatSecurity: the Fat path never downgrades', () => {
  it('uses the mesh certificates for mTLS to providers', () => {
    expect(fatSecurity({ mtls: certs }, undefined)).toEqual({ allowed: true, tls: certs });
  });

  it('keeps other TLS settings (servername) and lets the mesh certificates win', () => {
    expect(fatSecurity({ mtls: certs }, { servername: 'p', cert: 'OLD' })).toEqual({
      allowed: true,
      tls: { servername: 'p', ...certs },
    });
  });

  it('without a requirement, plaintext Fat is what the deployment asked for', () => {
    expect(fatSecurity(undefined, undefined)).toEqual({ allowed: true, tls: undefined });
    expect(fatSecurity({}, undefined)).toEqual({ allowed: true, tls: undefined });
  });

  it('mTLS required: a client certificate from the Fat options will do', () => {
    expect(fatSecurity({ requireMtls: true }, { ca: 'CA', cert: 'C', key: 'K' })).toEqual({
      allowed: true,
      tls: { ca: 'CA', cert: 'C', key: 'K' },
    });
  });

  it('mTLS required and no certificate (or only a CA): refused, with the reason', () => {
    for (const tls of [undefined, { ca: 'CA' }]) {
      const decision = fatSecurity({ requireMtls: true }, tls);
      expect(decision.allowed).toBe(false);
      expect(!decision.allowed && decision.refusal).toMatch(
        /requires mTLS .*refusing to fall back .*plaintext/,
      );
    }
  });
});
