import { parse, type Type } from 'protobufjs';

/** dubbo-rpc-triple's triple_wrapper.proto (triple.md §4), parsed by protobufjs reflection. */
export const TRIPLE_WRAPPER_PROTO = `syntax = "proto3";
package org.apache.dubbo.triple;
message TripleRequestWrapper  { string serializeType = 1; repeated bytes args = 2; repeated string argTypes = 3; }
message TripleResponseWrapper { string serializeType = 1; bytes data = 2; string type = 3; }
message TripleExceptionWrapper{ string language = 1; string serialization = 2; string className = 3; bytes data = 4; }
`;

export interface TripleRequestWrapper {
  serializeType: string;
  args: Buffer[];
  argTypes: string[];
}

export interface TripleResponseWrapper {
  serializeType: string;
  data: Buffer;
  type: string;
}

const root = parse(TRIPLE_WRAPPER_PROTO, { keepCase: true }).root;
const requestType: Type = root.lookupType('org.apache.dubbo.triple.TripleRequestWrapper');
const responseType: Type = root.lookupType('org.apache.dubbo.triple.TripleResponseWrapper');

/** Throws if `bytes` is not a TripleRequestWrapper. */
export function decodeRequestWrapper(bytes: Uint8Array): TripleRequestWrapper {
  const decoded: unknown = requestType.toObject(requestType.decode(bytes), {
    defaults: true,
    arrays: true,
    bytes: Buffer,
  });
  const { serializeType, args, argTypes } = decoded as Record<string, unknown>;
  if (
    typeof serializeType !== 'string' ||
    !Array.isArray(args) ||
    !args.every((a) => Buffer.isBuffer(a)) ||
    !Array.isArray(argTypes) ||
    !argTypes.every((t) => typeof t === 'string')
  ) {
    throw new TypeError('malformed TripleRequestWrapper');
  }
  return { serializeType, args, argTypes };
}

/** Fields in order 1, 2, 3, as Java's hand-written codec writes them. */
export function encodeResponseWrapper(wrapper: TripleResponseWrapper): Buffer {
  return Buffer.from(responseType.encode(responseType.create(wrapper)).finish());
}
