import type { ServingStatus } from '@dubbo-mesh/sdk-core';

/** `grpc.health.v1.HealthCheckResponse.ServingStatus` numbers (grpc/health/v1/health.proto). */
const STATUS_NUMBERS: Readonly<Record<ServingStatus, number>> = {
  UNKNOWN: 0,
  SERVING: 1,
  NOT_SERVING: 2,
  SERVICE_UNKNOWN: 3,
};

function readVarint(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (let i = at; i < bytes.length && shift < 64; i++) {
    const byte = bytes[i]!;
    // Lengths and field numbers fit in 32 bits; larger varints are only skipped.
    if (shift < 32) value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [value, i + 1];
  }
  throw new Error('truncated varint');
}

/**
 * Reads `HealthCheckRequest.service` (field 1, a string) from the protobuf message, skipping any
 * other field as proto3 requires. Throws on malformed input.
 */
export function decodeHealthCheckRequest(bytes: Uint8Array): string {
  let service = '';
  let at = 0;
  while (at < bytes.length) {
    const [tag, afterTag] = readVarint(bytes, at);
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    at = afterTag;
    if (wireType === 0) {
      at = readVarint(bytes, at)[1];
    } else if (wireType === 1 || wireType === 5) {
      at += wireType === 1 ? 8 : 4;
    } else if (wireType === 2) {
      const [length, start] = readVarint(bytes, at);
      if (start + length > bytes.length) throw new Error('field runs past the message');
      if (field === 1) service = Buffer.from(bytes.subarray(start, start + length)).toString('utf8');
      at = start + length;
    } else {
      throw new Error(`unsupported wire type ${wireType}`);
    }
  }
  if (at !== bytes.length) throw new Error('field runs past the message');
  return service;
}

/** `HealthCheckResponse { status }`: field 1 as a varint (every status number is one byte). */
export function encodeHealthCheckResponse(status: ServingStatus): Uint8Array {
  const value = STATUS_NUMBERS[status];
  return value === 0 ? new Uint8Array(0) : Uint8Array.of(0x08, value);
}
