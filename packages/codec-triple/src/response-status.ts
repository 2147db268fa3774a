import { type Attachments, type IncomingHeaders, readAttachments } from './attachments.js';
import { Code, parseCode } from './code.js';
import { decodeGrpcMessage } from './grpc-message.js';
import { MAX_GRPC_MESSAGE_CHARS } from './limits.js';
import { RpcError } from './rpc-error.js';

/** The outcome of a call as its trailers (or a trailers-only response) state it. */
export interface CallStatus {
  code: Code;
  /** Decoded `grpc-message`, at most 4096 UTF-16 units. */
  message: string;
  /** Raw `grpc-status-details-bin` (a serialized `google.rpc.Status`), if sent. */
  details: Uint8Array | undefined;
}

/** Cap on a peer's message, so an error message cannot balloon in logs and memory. */
const MAX_MESSAGE_LENGTH = MAX_GRPC_MESSAGE_CHARS;
/** Cap on other peer-supplied text echoed into our own messages. */
const MAX_ECHO = 100;

function first(value: string | string[] | number | undefined): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' || value === undefined ? value : value[0];
}

/** A plain Uint8Array view of a Buffer, so `details` serializes like bytes, not `{type: 'Buffer'}`. */
function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // Do not cut a surrogate pair in half.
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** Maps a non-200 HTTP status to a code, as Java's `httpStatusToGrpcCode` does (triple.md §5). */
export function httpStatusToCode(status: number): Code {
  if (status >= 100 && status < 200) return Code.Internal;
  switch (status) {
    case 400:
    case 431:
      return Code.Internal;
    case 401:
      return Code.Unauthenticated;
    case 403:
      return Code.PermissionDenied;
    case 404:
      return Code.Unimplemented;
    case 429:
    case 502:
    case 503:
    case 504:
      return Code.Unavailable;
    default:
      return Code.Unknown;
  }
}

/** True when the first HEADERS of a response already ends the call: it carries `grpc-status`. */
export function isTrailersOnly(headers: IncomingHeaders): boolean {
  return headers['grpc-status'] !== undefined;
}

/**
 * Checks the first HEADERS of a response. A trailers-only response is judged by its `grpc-status`,
 * which overrides `:status` (Java 3.3 sends 404 or 500 with it, triple.md §5); otherwise a non-200
 * status or a content-type other than `application/grpc*` fails the call.
 *
 * @returns the error to fail the call with, or `undefined` to go on (or, when trailers-only, for OK).
 */
export function checkResponseHeaders(headers: IncomingHeaders): RpcError | undefined {
  if (isTrailersOnly(headers)) {
    const status = statusFromTrailers(headers);
    return status.code === Code.Ok ? undefined : statusToError(status, readAttachments(headers));
  }
  const rawStatus = first(headers[':status']);
  if (rawStatus === undefined) return new RpcError(Code.Internal, 'response has no :status');
  const status = Number(rawStatus);
  if (status !== 200) {
    return new RpcError(httpStatusToCode(status), `HTTP status ${truncate(rawStatus, MAX_ECHO)}`);
  }
  const contentType = first(headers['content-type']);
  if (contentType === undefined || !contentType.startsWith('application/grpc')) {
    const shown = contentType === undefined ? 'none' : JSON.stringify(truncate(contentType, MAX_ECHO));
    return new RpcError(Code.Unknown, `unexpected content-type ${shown}`);
  }
  return undefined;
}

/**
 * Reads the status from trailers (or a trailers-only HEADERS). A missing `grpc-status` is Internal,
 * an unparsable one Unknown; `grpc-message` is decoded leniently (triple.md §5) and capped.
 */
export function statusFromTrailers(trailers: IncomingHeaders): CallStatus {
  const rawMessage = first(trailers['grpc-message']);
  const message = rawMessage === undefined ? '' : truncate(decodeGrpcMessage(rawMessage), MAX_MESSAGE_LENGTH);
  const rawDetails = first(trailers['grpc-status-details-bin']);
  // Node's base64 decoder takes padded and unpadded input alike; peers send it unpadded.
  const details = rawDetails ? toBytes(Buffer.from(rawDetails, 'base64')) : undefined;
  const rawStatus = first(trailers['grpc-status']);
  if (rawStatus === undefined) return { code: Code.Internal, message: 'missing grpc-status', details };
  const code = parseCode(rawStatus);
  if (code === undefined) {
    const invalid = `invalid grpc-status ${JSON.stringify(truncate(rawStatus, MAX_ECHO))}`;
    return { code: Code.Unknown, message: message === '' ? invalid : `${invalid}: ${message}`, details };
  }
  return { code, message, details };
}

/** The error for a status, or `undefined` for OK. */
export function statusToError(status: CallStatus, metadata?: Attachments): RpcError | undefined {
  if (status.code === Code.Ok) return undefined;
  return new RpcError(status.code, status.message, { metadata, details: status.details });
}
