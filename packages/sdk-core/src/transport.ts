import type { Attachments } from '@dubbo-mesh/codec-triple';
import type { MethodDescriptor, ServiceKey } from './service-descriptor.js';

/**
 * Everything about a call that is fixed per method of a client, computed once when the client is
 * made: the request header template is the expensive part (triple.md §1–2).
 */
export interface CallTarget {
  readonly service: ServiceKey;
  readonly method: MethodDescriptor<never, unknown>;
  /** The consumer application name, sent as `tri-consumer-appname`. */
  readonly application: string | undefined;
  /** `:path`, `content-type`, `te`, version, group, app: shared by every call of this method. */
  readonly headerTemplate: Readonly<Record<string, string>>;
  /** Request messages are gzipped (from 1 KiB up) and announced with `grpc-encoding`. */
  readonly compression: 'gzip' | undefined;
}

interface RequestCommon {
  readonly target: CallTarget;
  /** Outgoing attachments; interceptors may add to them. */
  readonly attachments: Record<string, Attachments[string] | number | boolean>;
  /** Milliseconds left for the call, if it has a deadline. */
  timeoutMs: number | undefined;
  readonly signal: AbortSignal | undefined;
}

export interface UnaryRequest extends RequestCommon {
  readonly stream: false;
  message: unknown;
}

export interface StreamRequest extends RequestCommon {
  readonly stream: true;
  messages: AsyncIterable<unknown>;
}

export interface UnaryResponse {
  readonly stream: false;
  readonly message: unknown;
  readonly header: Attachments;
  readonly trailer: Attachments;
}

export interface StreamResponse {
  readonly stream: true;
  /** Response headers arrive before the first message. */
  readonly header: Attachments;
  readonly messages: AsyncIterable<unknown>;
  /** Filled when `messages` has been read to the end. */
  readonly trailer: Attachments;
}

export type CallRequest = UnaryRequest | StreamRequest;
export type CallResponse = UnaryResponse | StreamResponse;

/**
 * Carries calls to providers. The HTTP/2 transport talks to one endpoint; Thin, Fat and mesh
 * transports choose endpoints. Typed clients never see which.
 */
export interface Transport {
  unary(request: UnaryRequest): Promise<UnaryResponse>;
  stream(request: StreamRequest): Promise<StreamResponse>;
  close(): Promise<void>;
}
