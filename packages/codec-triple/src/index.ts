export {
  type Attachments,
  type AttachmentValue,
  type IncomingHeaders,
  isReservedKey,
  readAttachments,
  writeAttachments,
} from './attachments.js';
export { Code, codeName, parseCode } from './code.js';
export { ACCEPT_ENCODING, decodeFrameMessage, gzipMessage } from './compression.js';
export { type Frame, FrameDecoder } from './frame-decoder.js';
export { encodeFrame } from './frame-encoder.js';
export { decodeGrpcMessage, encodeGrpcMessage } from './grpc-message.js';
export { type HessianLimits, readHessian } from './java/hessian-reader.js';
export {
  decodeJavaException,
  encodeJavaException,
  JavaException,
  type JavaStackFrame,
} from './java/java-exception.js';
export {
  createJavaMethodCodec,
  type JavaMethodCodec,
  type JavaMethodSignature,
} from './java/java-method-codec.js';
export { argTypeName, type JavaToTs, type JavaType, java } from './java/java-type.js';
export { toHessian } from './java/to-hessian.js';
export { lazyBuiltin, lazyModule } from './lazy-module.js';
export {
  DEFAULT_LIMITS,
  DEFAULT_MAX_HEADER_LIST_BYTES,
  DEFAULT_MAX_MESSAGE_BYTES,
  LIMIT_DESCRIPTIONS,
  type LimitDescription,
  MAX_GRPC_MESSAGE_CHARS,
} from './limits.js';
export {
  createRequestHeaderTemplate,
  type RequestHeaderTemplateOptions,
  requestHeadersForCall,
} from './request-headers.js';
export {
  type CallStatus,
  checkResponseHeaders,
  httpStatusToCode,
  isTrailersOnly,
  statusFromTrailers,
  statusToError,
} from './response-status.js';
export { type ErrorMetadata, RpcError, type RpcErrorOptions } from './rpc-error.js';
export type { Serializer } from './serializer.js';
export { hessian2Serializer } from './serializers/hessian2-serializer.js';
export { jsonSerializer } from './serializers/json-serializer.js';
export { protobufSerializer } from './serializers/protobuf-serializer.js';
export { rawSerializer } from './serializers/raw-serializer.js';
export { encodeTimeout, parseTimeout } from './timeout.js';
export {
  decodeRequestWrapper,
  decodeResponseWrapper,
  encodeRequestWrapper,
  encodeResponseWrapper,
  type TripleRequestWrapper,
  type TripleResponseWrapper,
} from './wrapper.js';
