import { HealthService } from '@dubbo-mesh/sdk-core';
import { describe, expect, it } from 'vitest';
import { decodeHealthCheckRequest, encodeHealthCheckResponse } from './health-message.js';

describe('health messages', () => {
  it('reads the service of a request as sdk-core encodes it', () => {
    const check = HealthService.methods.check;
    expect(decodeHealthCheckRequest(check.encode({ service: 'org.demo.Greeter' }))).toBe('org.demo.Greeter');
    expect(decodeHealthCheckRequest(check.encode({ service: '' }))).toBe('');
    expect(decodeHealthCheckRequest(new Uint8Array(0))).toBe('');
  });

  it('skips unknown fields and refuses truncated input', () => {
    // field 2 varint 150, field 3 fixed32, then field 1 "ab"
    const bytes = Uint8Array.of(0x10, 0x96, 0x01, 0x1d, 1, 2, 3, 4, 0x0a, 2, 0x61, 0x62);
    expect(decodeHealthCheckRequest(bytes)).toBe('ab');
    expect(() => decodeHealthCheckRequest(Uint8Array.of(0x0a, 5, 0x61))).toThrow(/past the message/);
    expect(() => decodeHealthCheckRequest(Uint8Array.of(0x0b))).toThrow(/wire type 3/);
  });

  it.each(['SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN', 'UNKNOWN'] as const)(
    'writes %s so that sdk-core reads it back',
    (status) => {
      expect(HealthService.methods.check.decode(encodeHealthCheckResponse(status), 0)).toEqual({ status });
    },
  );
});
