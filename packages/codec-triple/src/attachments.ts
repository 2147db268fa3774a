import { Code } from './code.js';
import { decodeGrpcMessage } from './grpc-message.js';
import { RpcError } from './rpc-error.js';

/** One attachment value: text, or bytes (sent as a `-bin` header). */
export type AttachmentValue = string | Uint8Array;
/** Dubbo attachments of a call, keyed by their original (case-preserved) names. */
export type Attachments = Record<string, AttachmentValue>;
/** Headers or trailers as node:http2 delivers them (lower-case names); assignable from `IncomingHttpHeaders`. */
/** Node's http2 gives `:status` as a number; every other header is a string or a list. */
export type IncomingHeaders = Record<string, string | string[] | number | undefined>;
/** What a caller may attach: numbers and booleans are sent as text, null and undefined skipped. */
export type OutgoingAttachments = Readonly<
  Record<string, AttachmentValue | number | boolean | null | undefined>
>;

const HEADER_CONVERT = 'tri-header-convert';
const BIN_SUFFIX = '-bin';

/**
 * Names that are never attachments (triple.md §2, after Java's `TripleHeaderEnum`): the Triple and
 * gRPC protocol headers, Dubbo's internal keys, and HTTP headers that a user value must not replace.
 * Any `grpc-*` name is reserved too, as the gRPC spec reserves the prefix.
 */
const RESERVED: ReadonlySet<string> = new Set([
  'http-status',
  'tri-service-version',
  'tri-service-group',
  'tri-consumer-appname',
  'tri-service-timeout',
  HEADER_CONVERT,
  'tri-exception-code',
  'tri-protocol-version',
  'te',
  'content-type',
  'user-agent',
  'group',
  'interface',
  'path',
  'remote.application',
  'application',
  'serialization',
  'rest-service-version',
  'rest-service-group',
  // Connection-specific: forbidden in HTTP/2 (RFC 9113 §8.2.2).
  'connection',
  'host',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
]);

/** RFC 9110 token, lower-case only: what an HTTP/2 header name may be. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/** True for a header name (lower-case) that must not be written or read as an attachment. */
export function isReservedKey(lowerKey: string): boolean {
  return (
    lowerKey.charCodeAt(0) === 58 /* ':' pseudo-header */ ||
    lowerKey.startsWith('grpc-') ||
    RESERVED.has(lowerKey)
  );
}

/**
 * True when a string can travel as an HTTP/2 header value unchanged: no control characters other
 * than tab (CR/LF would split headers), and nothing above U+00FF, which node:http2 silently
 * truncates to one byte (checked on Node 20: `中` arrives as `-`).
 */
export function isValidHeaderValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || c > 0xff) return false;
  }
  return true;
}

function isBinKey(key: string): boolean {
  return key.length > BIN_SUFFIX.length && key.endsWith(BIN_SUFFIX);
}

function invalid(key: string, problem: string): RpcError {
  // Name the key but never echo the value: attachments often carry tokens.
  return new RpcError(Code.InvalidArgument, `attachment "${key}" ${problem}`);
}

/**
 * Writes attachments as request headers, as Java's sender does (triple.md §2, "Attachments ⇄
 * headers"): keys lower-cased, reserved keys dropped, bytes as `<key>-bin` in unpadded base64, and
 * `tri-header-convert` to restore the case of mixed-case keys.
 *
 * @throws RpcError InvalidArgument for a key that is not an HTTP token, a text value that cannot
 *   travel in a header, or a text value under a `-bin` key (peers would base64-decode it).
 */
export function writeAttachments(attachments: OutgoingAttachments, headers: Record<string, string>): void {
  let convert: Record<string, string> | undefined;
  for (const key in attachments) {
    if (!Object.hasOwn(attachments, key)) continue;
    const value = attachments[key];
    if (value === null || value === undefined) continue;
    const lower = key.toLowerCase();
    if (isReservedKey(lower)) continue;
    if (!TOKEN.test(lower)) throw invalid(key, 'is not a valid header name');
    let name = lower;
    // The key the receiver will see: it strips `-bin` (Java's `headersToMap`).
    let receivedAs = lower;
    let text: string;
    if (typeof value === 'string') {
      if (isBinKey(lower)) throw invalid(key, 'ends in -bin but its value is not a Uint8Array');
      if (!isValidHeaderValue(value)) {
        throw invalid(key, 'has a value with control characters or characters above U+00FF');
      }
      text = value;
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      if (isBinKey(lower)) throw invalid(key, 'ends in -bin but its value is not a Uint8Array');
      text = String(value);
    } else if (value instanceof Uint8Array) {
      if (isBinKey(lower)) receivedAs = lower.slice(0, -BIN_SUFFIX.length);
      else name = lower + BIN_SUFFIX;
      if (isReservedKey(name)) continue;
      text = base64Unpadded(value);
    } else {
      continue; // Java drops any other type too.
    }
    headers[name] = text;
    // Only mixed-case keys are recorded, as Java does; a lower-case `x-bin` simply arrives as `x`.
    if (lower !== key) {
      convert ??= {};
      convert[receivedAs] = key;
    }
  }
  if (convert !== undefined) headers[HEADER_CONVERT] = encodeURIComponent(JSON.stringify(convert));
}

function base64Unpadded(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  return end === text.length ? text : text.slice(0, end);
}

/**
 * Reads the attachments out of headers or trailers (triple.md §2, "Java receiver"): pseudo and
 * reserved headers dropped, `<key>-bin` base64-decoded (padded or not) under `<key>`, as Java's
 * `headersToMap` does, repeated headers joined with `, `, then `tri-header-convert` applied.
 * A malformed `tri-header-convert` is ignored, as Java ignores a bad optional header.
 *
 * @param into - an object to add to, e.g. the attachments already read from the response headers.
 */
export function readAttachments(headers: IncomingHeaders, into: Attachments = {}): Attachments {
  let convert: string | undefined;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const raw = typeof value === 'number' ? String(value) : value;
    if (name === HEADER_CONVERT) {
      convert = typeof raw === 'string' ? raw : raw[0];
      continue;
    }
    // `__proto__` would replace the prototype of `into` instead of adding a key.
    if (isReservedKey(name) || name === '__proto__') continue;
    if (isBinKey(name)) {
      const key = name.slice(0, -BIN_SUFFIX.length);
      if (key !== '__proto__') into[key] = decodeBase64(raw);
    } else {
      into[name] = typeof raw === 'string' ? raw : raw.join(', ');
    }
  }
  if (convert !== undefined) applyHeaderConvert(convert, into);
  return into;
}

/**
 * Node's base64 decoder accepts padded and unpadded input and never throws. The result is a plain
 * Uint8Array view, not a Buffer, so attachments print and serialize like the bytes a caller sent.
 */
function decodeBase64(raw: string | string[]): Uint8Array {
  const bytes =
    typeof raw === 'string'
      ? Buffer.from(raw, 'base64')
      : // Repeated binary headers: each value is its own base64 text, so decode them one by one.
        Buffer.concat(raw.map((part) => Buffer.from(part, 'base64')));
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Renames lower-cased keys back to their original case, from `{lowercased: originalKey}`. */
function applyHeaderConvert(encoded: string, into: Attachments): void {
  let map: unknown;
  try {
    map = JSON.parse(decodeGrpcMessage(encoded));
  } catch {
    return; // Malformed: keep the lower-case keys rather than fail the call over a cosmetic header.
  }
  if (typeof map !== 'object' || map === null || Array.isArray(map)) return;
  const entries = map as Record<string, unknown>;
  for (const lower in entries) {
    const original = entries[lower];
    if (typeof original !== 'string' || original === lower || original === '__proto__') continue;
    if (!Object.hasOwn(into, lower)) continue;
    into[original] = into[lower]!;
    delete into[lower];
  }
}
