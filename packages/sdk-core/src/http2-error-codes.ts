// The HTTP/2 error codes this package reads and sends (RFC 9113 §7), spelled as in nghttp2 and
// `http2.constants`. Fixed by the RFC, so they are written here rather than read from `node:http2`,
// which then loads only when a connection is made (bench/README.md, "Hot path").

/** NO_ERROR: a clean close. */
export const NGHTTP2_NO_ERROR = 0x0;
/** REFUSED_STREAM: the peer did not process the stream (safe to re-send, http2-notes.md). */
export const NGHTTP2_REFUSED_STREAM = 0x7;
/** CANCEL: what we send on a deadline or an abort; gRPC maps it to CANCELLED. */
export const NGHTTP2_CANCEL = 0x8;
/** ENHANCE_YOUR_CALM: the peer (or Node, for oversized headers) throttles us. */
export const NGHTTP2_ENHANCE_YOUR_CALM = 0xb;
/** INADEQUATE_SECURITY: the TLS setup is not acceptable for HTTP/2. */
export const NGHTTP2_INADEQUATE_SECURITY = 0xc;
