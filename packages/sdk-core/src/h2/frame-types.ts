// HTTP/2 frame types, flags, settings and error codes (RFC 9113 §6, §6.5.2, §7), as the direct
// engine reads and writes them. The error codes this package already names for node:http2 live in
// ../http2-error-codes.ts; the rest are here.

/** Bytes of every frame header: 24-bit length, type, flags, 31-bit stream id (RFC 9113 §4.1). */
export const FRAME_HEADER_BYTES = 9;

export const FRAME_DATA = 0x0;
export const FRAME_HEADERS = 0x1;
export const FRAME_PRIORITY = 0x2;
export const FRAME_RST_STREAM = 0x3;
export const FRAME_SETTINGS = 0x4;
export const FRAME_PUSH_PROMISE = 0x5;
export const FRAME_PING = 0x6;
export const FRAME_GOAWAY = 0x7;
export const FRAME_WINDOW_UPDATE = 0x8;
export const FRAME_CONTINUATION = 0x9;

export const FLAG_END_STREAM = 0x1;
/** SETTINGS and PING acknowledgements reuse bit 0. */
export const FLAG_ACK = 0x1;
export const FLAG_END_HEADERS = 0x4;
export const FLAG_PADDED = 0x8;
export const FLAG_PRIORITY = 0x20;

export const SETTINGS_HEADER_TABLE_SIZE = 0x1;
export const SETTINGS_ENABLE_PUSH = 0x2;
export const SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
export const SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
export const SETTINGS_MAX_FRAME_SIZE = 0x5;
export const SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;

export const PROTOCOL_ERROR = 0x1;
export const INTERNAL_ERROR = 0x2;
export const FLOW_CONTROL_ERROR = 0x3;
export const STREAM_CLOSED = 0x5;
export const FRAME_SIZE_ERROR = 0x6;
export const COMPRESSION_ERROR = 0x9;

/** The window every stream and the connection start with until SETTINGS say otherwise. */
export const DEFAULT_WINDOW_BYTES = 65_535;
/** SETTINGS_MAX_FRAME_SIZE's initial value and lower bound. */
export const DEFAULT_MAX_FRAME_BYTES = 16_384;
/** SETTINGS_MAX_FRAME_SIZE's upper bound. */
export const MAX_ALLOWED_FRAME_BYTES = 16_777_215;
/** Largest flow-control window (2^31-1). */
export const MAX_WINDOW_BYTES = 2_147_483_647;

/** The client connection preface (RFC 9113 §3.4). */
export const CLIENT_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
