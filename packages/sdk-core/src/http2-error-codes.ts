/**
 * The HTTP/2 error codes this package reads and sends (RFC 9113 §7), spelled as in nghttp2 and
 * `http2.constants`. Fixed by the RFC, so they are written here rather than read from `node:http2`,
 * which then loads only when a connection is made (bench/README.md, "Hot path").
 */
export const NGHTTP2_NO_ERROR = 0x0;
export const NGHTTP2_REFUSED_STREAM = 0x7;
export const NGHTTP2_CANCEL = 0x8;
export const NGHTTP2_ENHANCE_YOUR_CALM = 0xb;
export const NGHTTP2_INADEQUATE_SECURITY = 0xc;
