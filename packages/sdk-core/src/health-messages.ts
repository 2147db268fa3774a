import { Code, RpcError } from '@dubbo-mesh/codec-triple';

/**
 * The two messages of grpc/health/v1/health.proto (triple.md §8), coded by hand: each has one field,
 * and the Thin client probes its sidecar with them, so it must not pay for loading protobufjs
 * (sdk-thin issue: a small import). Byte-identical to protobuf's encoding (health-service.spec.ts).
 */
export type ServingStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

export interface HealthCheckRequest {
  /** The service to ask about; `''` asks about the server as a whole. */
  service?: string;
}

export interface HealthCheckResponse {
  status: ServingStatus;
}

const STATUS_NAMES: readonly ServingStatus[] = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];
const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** `HealthCheckRequest{string service = 1}`: field 1, wire type 2; proto3 omits an empty string. */
export function encodeHealthCheckRequest(message: HealthCheckRequest): Uint8Array {
  const service = message.service ?? '';
  if (service === '') return EMPTY;
  const text = utf8.encode(service);
  const length = varint(text.length);
  const out = new Uint8Array(1 + length.length + text.length);
  out[0] = 0x0a;
  out.set(length, 1);
  out.set(text, 1 + length.length);
  return out;
}

/**
 * `HealthCheckResponse{ServingStatus status = 1}`; unknown fields are skipped as protobuf requires,
 * and an enum number this code does not know reads as UNKNOWN (an open enum says no more).
 */
export function decodeHealthCheckResponse(bytes: Uint8Array): HealthCheckResponse {
  let status = 0;
  let offset = 0;
  while (offset < bytes.length) {
    const [tag, afterTag] = readVarint(bytes, offset);
    const field = tag >>> 3;
    const wireType = tag & 7;
    offset = afterTag;
    if (wireType === 0) {
      const [value, next] = readVarint(bytes, offset);
      if (field === 1) status = value;
      offset = next;
    } else if (wireType === 2) {
      const [length, next] = readVarint(bytes, offset);
      offset = next + length;
    } else if (wireType === 1 || wireType === 5) {
      offset += wireType === 1 ? 8 : 4;
    } else {
      throw invalid(`wire type ${wireType}`);
    }
  }
  if (offset > bytes.length) throw invalid('truncated field');
  return { status: STATUS_NAMES[status] ?? 'UNKNOWN' };
}

function varint(value: number): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Uint8Array.from(bytes);
}

function readVarint(bytes: Uint8Array, start: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (let offset = start; offset < bytes.length && shift < 35; offset++) {
    const byte = bytes[offset]!;
    value |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [value >>> 0, offset + 1];
    shift += 7;
  }
  throw invalid('truncated varint');
}

function invalid(why: string): RpcError {
  return new RpcError(Code.Internal, `invalid HealthCheckResponse: ${why}`);
}
