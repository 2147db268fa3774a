import { Code, codeName } from './code.js';

/** Metadata that came with an error: response headers and trailers, as attachments. */
export type ErrorMetadata = Readonly<Record<string, string | Uint8Array>>;

export interface RpcErrorOptions {
  /** Attachments from the response headers and trailers. */
  metadata?: ErrorMetadata;
  /** The raw `grpc-status-details-bin` payload (a serialized `google.rpc.Status`), if any. */
  details?: Uint8Array;
  /** What caused it locally (a socket error, a decoder failure). */
  cause?: unknown;
}

const brand = Symbol.for('@dubbo-mesh/RpcError');

/**
 * The one error type of every call. `code` is a gRPC status code; `rawMessage` is the message as the
 * peer sent it (decoded); `message` adds the code name so logs are self-explanatory.
 *
 * `instanceof` works across two copies of the package (a brand symbol, the way undici does it).
 */
export class RpcError extends Error {
  readonly code: Code;
  readonly rawMessage: string;
  readonly metadata: ErrorMetadata;
  readonly details: Uint8Array | undefined;

  constructor(code: Code, message: string, options: RpcErrorOptions = {}) {
    super(
      `[${codeName(code)}] ${message}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'RpcError';
    this.code = code;
    this.rawMessage = message;
    this.metadata = options.metadata ?? {};
    this.details = options.details;
  }

  get codeName(): string {
    return codeName(this.code);
  }

  get [brand](): true {
    return true;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses keep the ordinary prototype check; only the base class matches by brand.
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was asked about
    if (this !== RpcError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [brand]?: unknown })[brand] === true;
  }

  /** Wraps anything thrown into an RpcError, keeping RpcErrors as they are. */
  static from(reason: unknown, code: Code = Code.Unknown): RpcError {
    if (reason instanceof RpcError) return reason;
    const message = reason instanceof Error ? reason.message : String(reason);
    return new RpcError(code, message, { cause: reason });
  }
}
