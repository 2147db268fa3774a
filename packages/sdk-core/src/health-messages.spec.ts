import fc from 'fast-check';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { decodeHealthCheckResponse, encodeHealthCheckRequest } from './health-messages.js';

const root = protobuf.parse(`
  syntax = "proto3";
  message HealthCheckRequest { string service = 1; }
  message HealthCheckResponse { int32 status = 1; string note = 7; }
`).root;
const Request = root.lookupType('HealthCheckRequest');
const Response = root.lookupType('HealthCheckResponse');

describe('hand-coded health messages', () => {
  it('encode requests byte for byte as protobufjs does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (service) => {
        const ours = encodeHealthCheckRequest({ service });
        const theirs = Request.encode(Request.fromObject({ service })).finish();
        expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('decode every status, skip unknown fields, and read unknown numbers as UNKNOWN', () => {
    const names = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN', 'UNKNOWN'];
    names.forEach((name, status) => {
      const bytes = Response.encode(Response.fromObject({ status, note: 'extra' })).finish();
      expect(decodeHealthCheckResponse(bytes)).toEqual({ status: name });
    });
    expect(decodeHealthCheckResponse(new Uint8Array([0x08, 0x01]))).toEqual({ status: 'SERVING' });
    expect(decodeHealthCheckResponse(new Uint8Array(0))).toEqual({ status: 'UNKNOWN' });
  });

  it('rejects truncated bytes with an RpcError', () => {
    expect(() => decodeHealthCheckResponse(new Uint8Array([0x08]))).toThrow(/truncated/);
    expect(() => decodeHealthCheckResponse(new Uint8Array([0x12, 0x05, 0x01]))).toThrow(/truncated/);
  });
});
