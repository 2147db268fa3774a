import { fieldSize, readFields, writeField } from './wrapper-wire.js';

/**
 * The request of a non-protobuf ("wrapper mode") Triple call: `org.apache.dubbo.triple.TripleRequestWrapper`
 * (triple.md §4). Each entry of `args` is one bare serialized argument; `argTypes` are the Java
 * `Class.getName()` of the declared parameters, used by the provider to pick an overload.
 */
export interface TripleRequestWrapper {
  /** Serialization SPI name; Java clients write `hessian4` for Hessian 2, Go writes `hessian2`. */
  serializeType: string;
  args: Uint8Array[];
  argTypes: string[];
}

/**
 * The response of a wrapper-mode call: `org.apache.dubbo.triple.TripleResponseWrapper` (triple.md §4).
 * `data` is `undefined` when the field is absent (Java omits it for a null payload); `type` is the
 * declared return type name, `void` included, even when `data` holds an exception.
 */
export interface TripleResponseWrapper {
  serializeType: string;
  data: Uint8Array | undefined;
  type: string;
}

const utf8Encoder = new TextEncoder();
// Java decodes with `new String(bytes)`, replacing malformed input rather than failing; so do we.
const utf8Decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Encodes a request wrapper exactly as Java's `TripleCustomerProtocolWrapper` does (triple.md §4): field 1
 * always (even when empty), then every field-2 entry, then every field-3 entry. No gRPC frame prefix.
 */
export function encodeRequestWrapper(wrapper: TripleRequestWrapper): Uint8Array {
  const serializeType = utf8Encoder.encode(wrapper.serializeType);
  const argTypes = wrapper.argTypes.map((name) => utf8Encoder.encode(name));
  let size = fieldSize(serializeType.length);
  for (const arg of wrapper.args) size += fieldSize(arg.length);
  for (const name of argTypes) size += fieldSize(name.length);
  const out = new Uint8Array(size);
  let offset = writeField(out, 0, 1, serializeType);
  for (const arg of wrapper.args) offset = writeField(out, offset, 2, arg);
  for (const name of argTypes) offset = writeField(out, offset, 3, name);
  return out;
}

/**
 * Decodes a request wrapper. `args` are views into `bytes` (no copy). Repeated `serializeType` fields keep
 * the last one, as protobuf and Java do. Malformed input throws `RpcError(Code.Internal)`, nothing else.
 */
export function decodeRequestWrapper(bytes: Uint8Array): TripleRequestWrapper {
  const wrapper: TripleRequestWrapper = { serializeType: '', args: [], argTypes: [] };
  readFields(bytes, 'TripleRequestWrapper', (fieldNumber, payload) => {
    if (fieldNumber === 1) wrapper.serializeType = utf8Decoder.decode(payload);
    else if (fieldNumber === 2) wrapper.args.push(payload);
    else wrapper.argTypes.push(utf8Decoder.decode(payload));
  });
  return wrapper;
}

/**
 * Encodes a response wrapper as Java does (triple.md §4): field 1 always, field 2 only when `data` is
 * defined, field 3 always. No gRPC frame prefix.
 */
export function encodeResponseWrapper(wrapper: TripleResponseWrapper): Uint8Array {
  const serializeType = utf8Encoder.encode(wrapper.serializeType);
  const type = utf8Encoder.encode(wrapper.type);
  const data = wrapper.data;
  const size =
    fieldSize(serializeType.length) +
    (data === undefined ? 0 : fieldSize(data.length)) +
    fieldSize(type.length);
  const out = new Uint8Array(size);
  let offset = writeField(out, 0, 1, serializeType);
  if (data !== undefined) offset = writeField(out, offset, 2, data);
  writeField(out, offset, 3, type);
  return out;
}

/**
 * Decodes a response wrapper. `data` is a view into `bytes`, or `undefined` when field 2 is absent; a
 * repeated field keeps the last value. Malformed input throws `RpcError(Code.Internal)`, nothing else.
 */
export function decodeResponseWrapper(bytes: Uint8Array): TripleResponseWrapper {
  const wrapper: TripleResponseWrapper = { serializeType: '', data: undefined, type: '' };
  readFields(bytes, 'TripleResponseWrapper', (fieldNumber, payload) => {
    if (fieldNumber === 1) wrapper.serializeType = utf8Decoder.decode(payload);
    else if (fieldNumber === 2) wrapper.data = payload;
    else wrapper.type = utf8Decoder.decode(payload);
  });
  return wrapper;
}
