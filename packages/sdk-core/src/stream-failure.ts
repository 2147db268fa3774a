import { Code, RpcError } from '@dubbo-mesh/codec-triple';
import type { ChannelStream } from './channel-session.js';
import type { Http2Channel, SessionEntryHandle } from './http2-channel.js';
import * as c from './http2-error-codes.js';
import { markNotSent } from './not-sent.js';

/**
 * How often a call that provably never reached the peer is re-sent before it fails. Each round
 * under a GOAWAY storm lets some streams through, so the bound is generous; the call's deadline
 * still applies.
 */
export const MAX_TRANSPARENT_RETRIES = 32;

export interface StreamCloseFailure {
  error: RpcError;
  /** The peer cannot have processed the stream: re-sending is safe for any method. */
  notSent: boolean;
  /** Worth re-sending on this channel at once (a refusal); a failed connect is not. */
  retry: boolean;
}

/**
 * Reads why a stream closed. A refused stream (RST_STREAM 7, also what nghttp2 reports for streams
 * above a GOAWAY's last stream id) and a stream on a session that never connected were not
 * processed (http2-notes.md); anything else that is not a clean close may have executed.
 */
export function classifyStreamClose(
  stream: ChannelStream,
  entry: SessionEntryHandle,
  gotHeaders: boolean,
  channel: Http2Channel,
): StreamCloseFailure | undefined {
  const rst = stream.rstCode ?? c.NGHTTP2_NO_ERROR;
  // Above a GOAWAY's last stream id the peer did not process the stream, whatever the GOAWAY's error
  // code (RFC 9113 §6.8); node:http2 closes such streams with CANCEL when the code is not NO_ERROR.
  const goawayLast = entry.goawayLastStreamId;
  const aboveGoaway = goawayLast !== undefined && stream.id !== undefined && stream.id > goawayLast;
  // No stream id means nghttp2 never submitted the HEADERS (e.g. the session had just received a
  // GOAWAY and answered with a protocol error): nothing left this process.
  if (!gotHeaders && (rst === c.NGHTTP2_REFUSED_STREAM || stream.pending || aboveGoaway)) {
    channel.retire(entry);
    return {
      error: markNotSent(new RpcError(Code.Unavailable, 'stream refused by the peer')),
      notSent: true,
      retry: true,
    };
  }
  if (!gotHeaders && !entry.connected) {
    const cause = channel.lastConnectionError;
    const message = `connection to ${channel.authority} failed${cause ? `: ${cause.message}` : ''}`;
    return {
      error: markNotSent(new RpcError(Code.Unavailable, message, { cause })),
      notSent: true,
      retry: false,
    };
  }
  if (rst === c.NGHTTP2_NO_ERROR) return undefined;
  if (rst === c.NGHTTP2_CANCEL && entry.session?.destroyed === true) {
    // A dead connection (peer killed, socket reset) makes Node close every stream on it with CANCEL
    // itself: that is a lost connection, which gRPC reports as UNAVAILABLE, not a peer's cancel.
    const cause = channel.lastConnectionError;
    const message = `connection to ${channel.authority} lost${cause ? `: ${cause.message}` : ''}`;
    return { error: new RpcError(Code.Unavailable, message, { cause }), notSent: false, retry: false };
  }
  return {
    error: new RpcError(codeForRstStream(rst), resetMessage(rst)),
    notSent: false,
    retry: false,
  };
}

/**
 * ENHANCE_YOUR_CALM is also how Node resets a stream itself when a response's header list exceeds
 * our SETTINGS_MAX_HEADER_LIST_SIZE (the channel's `maxHeaderListBytes`), so say both.
 */
function resetMessage(rst: number): string {
  if (rst === c.NGHTTP2_ENHANCE_YOUR_CALM) {
    return `stream reset (HTTP/2 error ${rst}, ENHANCE_YOUR_CALM): response headers over maxHeaderListBytes, or the peer is overloaded`;
  }
  // Either side may have reset it: we do for a malformed response (PROTOCOL_ERROR), as nghttp2 does.
  return `stream reset (HTTP/2 error ${rst}${RST_NAMES[rst] ? `, ${RST_NAMES[rst]}` : ''})`;
}

/** The gRPC mapping of HTTP/2 error codes (grpc's PROTOCOL-HTTP2 document). */
export function codeForRstStream(rst: number): Code {
  switch (rst) {
    case c.NGHTTP2_REFUSED_STREAM:
      return Code.Unavailable;
    case c.NGHTTP2_CANCEL:
      return Code.Cancelled;
    case c.NGHTTP2_ENHANCE_YOUR_CALM:
      return Code.ResourceExhausted;
    case c.NGHTTP2_INADEQUATE_SECURITY:
      return Code.PermissionDenied;
    default:
      return Code.Internal;
  }
}

/** Names of the HTTP/2 error codes (RFC 9113 §7), for messages. */
const RST_NAMES: Readonly<Record<number, string>> = {
  0: 'NO_ERROR',
  1: 'PROTOCOL_ERROR',
  2: 'INTERNAL_ERROR',
  3: 'FLOW_CONTROL_ERROR',
  5: 'STREAM_CLOSED',
  6: 'FRAME_SIZE_ERROR',
  7: 'REFUSED_STREAM',
  8: 'CANCEL',
  9: 'COMPRESSION_ERROR',
  10: 'CONNECT_ERROR',
  11: 'ENHANCE_YOUR_CALM',
  12: 'INADEQUATE_SECURITY',
  13: 'HTTP_1_1_REQUIRED',
};
