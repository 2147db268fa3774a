/**
 * Turns one message value into bytes and back: a protobuf message, a JSON value, a Hessian 2 value, or raw
 * bytes. Implementations throw `RpcError(Code.InvalidArgument)` from `encode` for a value they cannot
 * represent, and `RpcError(Code.Internal)` from `decode` for bytes they cannot read — never anything else,
 * so a transport can pass the error to the caller as it is.
 */
export interface Serializer<T = unknown> {
  /** What the bytes are: `protobuf`, `json`, `hessian2`, `raw`. */
  readonly name: string;
  encode(value: T): Uint8Array;
  decode(bytes: Uint8Array): T;
}
