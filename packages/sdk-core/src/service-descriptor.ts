/**
 * What a client needs to know about a service to call it, whatever its IDL: the service name the
 * provider serves, its version and group, and one descriptor per method.
 */

/** The four call shapes of Triple over HTTP/2 (triple.md §6). */
export type MethodKind = 'unary' | 'server_streaming' | 'client_streaming' | 'bidi_streaming';

/**
 * One method: how to frame its messages. `I` is what one request message is, `O` what one response
 * message decodes to. For Java-interface methods `I` is the argument list.
 */
export interface MethodDescriptor<I = unknown, O = unknown, K extends MethodKind = MethodKind> {
  /** The method's name on the wire (the last `:path` segment). */
  readonly name: string;
  readonly kind: K;
  /**
   * A method that may be re-sent after a failure that may have reached the provider (a read, a
   * put with the same key). Unmarked methods are re-sent only when the peer provably did not
   * process them (REFUSED_STREAM, GOAWAY above the last stream id, connect failure).
   */
  readonly idempotent: boolean;
  /** Java-interface methods take positional arguments on the typed client. */
  readonly positional: boolean;
  encode(input: I): Uint8Array;
  /** `exceptionCode` is the response's `tri-exception-code` (0 when absent; triple.md §5). */
  decode(bytes: Uint8Array, exceptionCode: number): O;
}

/** The identity a provider serves under: `group/serviceName:version` in Dubbo's terms. */
export interface ServiceKey {
  /** Interface name for Java services, `package.Service` for IDL services. */
  readonly serviceName: string;
  readonly version?: string | undefined;
  readonly group?: string | undefined;
}

/** Methods by their name on the typed client. */
export type MethodMap = Readonly<Record<string, MethodDescriptor<never, unknown>>>;

export interface ServiceDescriptor<M extends MethodMap = MethodMap> extends ServiceKey {
  /** `idl` for protobuf services, `java` for Java interfaces called with the hessian2 wrapper. */
  readonly kind: 'idl' | 'java';
  readonly methods: M;
}

/** Formats a service key the way Dubbo prints it: `group/name:version`. */
export function formatServiceKey(key: ServiceKey): string {
  const group = key.group ? `${key.group}/` : '';
  const version = key.version ? `:${key.version}` : '';
  return `${group}${key.serviceName}${version}`;
}
