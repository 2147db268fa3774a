// Describing Java interfaces needs the Java type builders; re-exported so one import is enough.
export {
  type Attachments,
  Code,
  codeName,
  JavaException,
  type JavaToTs,
  type JavaType,
  java,
  RpcError,
} from '@dubbo-mesh/codec-triple';
export { type BackoffOptions, DEFAULT_BACKOFF } from './backoff.js';
export { type CallOptions, currentCallOptions, mergeCallOptions, withCallOptions } from './call-options.js';
export type { ChannelRequestOptions, ChannelSession, ChannelStream } from './channel-session.js';
export { markConnectionLost, wasConnectionLost } from './connection-lost.js';
// Inbound request context (also the subpath `@dubbo-mesh/sdk-core/context`): lanes (traffic-label.md).
export {
  type ClosingResponse,
  currentInboundHeaders,
  enterInboundHeaders,
  type FastifyLike,
  type FastifyPluginLike,
  fastifyInboundContext,
  type HeaderCarrier,
  type InboundHeaders,
  InboundRequestIndex,
  inboundContext,
  inboundRequests,
  type KoaContextLike,
  koaInboundContext,
  normalizeInboundHeaders,
  propagateInboundHeaders,
  type RawHeaders,
  runWithInboundHeaders,
  withInboundContext,
} from './context/index.js';
export { type Client, type ClientMethod, type ClientOptions, createClient } from './create-client.js';
export {
  type CallEndMessage,
  type CallStartMessage,
  callEndChannel,
  callStartChannel,
} from './diagnostics.js';
export { defaultAuthority, type Endpoint, formatEndpoint, parseEndpoint } from './endpoint.js';
export {
  type GeneratedMethodSpec,
  generatedService,
  type ProtoFileJson,
  type ProtoJsonValue,
  protoRootOf,
} from './generated-service.js';
export {
  createGenericClient,
  GENERIC_ATTACHMENTS,
  type GenericArgType,
  type GenericClient,
  type GenericInvokeArgs,
  type GenericMethods,
  type GenericServiceOptions,
  genericService,
} from './generic-service.js';
export { createDirectServer, type DirectServer, type DirectServerOptions } from './h2/direct-server.js';
export type { DirectServerSession } from './h2/direct-server-session.js';
export type { DirectServerStream } from './h2/direct-server-stream.js';
export {
  checkHealth,
  type HealthCheckRequest,
  type HealthCheckResponse,
  type HealthMethods,
  HealthService,
  type ServingStatus,
} from './health-service.js';
export {
  type ChannelState,
  type ChannelStats,
  defaultHttp2Engine,
  Http2Channel,
  type Http2ChannelOptions,
  type Http2Engine,
  type TlsOptions,
} from './http2-channel.js';
export { createHttp2Transport, Http2Transport, type Http2TransportOptions } from './http2-transport.js';
export type { InboundRespondOptions, InboundResponseHeaders, InboundStream } from './inbound-stream.js';
export { type AnyCallFn, applyInterceptors, type Interceptor } from './interceptor.js';
export type { JavaResult } from './java-result.js';
export {
  type JavaArgs,
  type JavaMethodDescriptor,
  type JavaMethodSpec,
  type JavaServiceSpec,
  javaService,
} from './java-service.js';
export { DEFAULT_KEEPALIVE, type KeepaliveOptions } from './keepalive.js';
export { type LogFn, type Logger, silentLogger } from './logger.js';
export {
  type ChannelEventKind,
  type ChannelEventMessage,
  ChannelEventReporter,
  channelEventChannel,
} from './logging/channel-events.js';
export {
  type DebugNamespace,
  type DebugSelection,
  isDebugEnabled,
  NO_DEBUG,
  parseDebugNamespaces,
  processDebugSelection,
} from './logging/debug-namespaces.js';
export { type NamespaceLoggerEnvironment, namespaceLogger } from './logging/namespace-logger.js';
export { createStderrLogger, type LineWriter } from './logging/stderr-logger.js';
export { markNotSent, wasNotSent } from './not-sent.js';
export {
  loadProtoService,
  type ProtoMessage,
  type ProtoMethods,
  type ProtoServiceOptions,
  protoService,
} from './proto-service.js';
export { isSecretName, REDACTED, redactAttachments, redactUrl } from './redact.js';
export {
  formatServiceKey,
  type MethodDescriptor,
  type MethodKind,
  type MethodMap,
  type ServiceDescriptor,
  type ServiceKey,
} from './service-descriptor.js';
export { codeForRstStream } from './stream-failure.js';
export type {
  CallRequest,
  CallResponse,
  CallTarget,
  StreamRequest,
  StreamResponse,
  Transport,
  UnaryRequest,
  UnaryResponse,
} from './transport.js';
