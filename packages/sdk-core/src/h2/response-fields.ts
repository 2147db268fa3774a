import type { HeaderFields } from './hpack-decoder.js';

/** Characters of a header name (RFC 9110 token, lowercase only in HTTP/2, RFC 9113 §8.2.1). */
const NAME_CHAR = (() => {
  const table = new Uint8Array(128);
  for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz") table[c.charCodeAt(0)] = 1;
  return table;
})();

/** Connection-specific fields, which HTTP/2 forbids (RFC 9113 §8.2.2). */
export const CONNECTION_FIELDS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
]);

/** A lowercase token, after an optional leading ':' (RFC 9113 §8.2.1). */
export function validName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = name.charCodeAt(0) === 58 /* : */ ? 1 : 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 128 || NAME_CHAR[c] !== 1) return false;
  }
  return true;
}

/** No NUL, CR or LF, and no space or tab at either end (RFC 9113 §8.2.1). */
export function validValue(value: string): boolean {
  const last = value.length - 1;
  if (last >= 0) {
    const a = value.charCodeAt(0);
    const z = value.charCodeAt(last);
    if (a === 32 || a === 9 || z === 32 || z === 9) return false;
  }
  for (let i = 0; i <= last; i++) {
    const c = value.charCodeAt(i);
    if (c === 0 || c === 10 || c === 13) return false;
  }
  return true;
}

const UPPER_CASE = /[A-Z]/;

/**
 * Removes the invalid values of one regular field (NUL, CR, LF, white space at either end), the
 * whole field when none is left: nghttp2 drops such a field rather than failing the message.
 */
export function dropInvalidValues(headers: HeaderFields, name: string, value: string | string[]): void {
  if (typeof value === 'string') {
    if (!validValue(value)) delete headers[name];
    return;
  }
  const valid = value.filter(validValue);
  if (valid.length === 0) delete headers[name];
  else if (valid.length < value.length) headers[name] = valid.length === 1 ? valid[0]! : valid;
}

/**
 * Whether a response header block is malformed (RFC 9113 §8.1.1, §8.3.2), which resets its stream
 * with PROTOCOL_ERROR as nghttp2 does: upper-case names, invalid pseudo names, a pseudo field after
 * a regular one, any pseudo field but one `:status` of three digits in the response, any in
 * trailers, connection-specific fields, or trailers that do not end the stream. As nghttp2 does
 * (and the engine differential test checks), a regular field whose name is not a token (without
 * upper case) or whose value is invalid (NUL, CR, LF, or white space at either end) is dropped from
 * `headers` instead: a ` 2` grpc-status then reads as missing.
 */
export function malformedResponse(
  headers: HeaderFields,
  pseudoFirst: boolean,
  trailers: boolean,
  endStream: boolean,
): boolean {
  if (!pseudoFirst || (trailers && !endStream)) return true;
  let sawStatus = false;
  for (const name in headers) {
    const value = headers[name]!;
    if (!validName(name)) {
      // nghttp2 rejects upper case and bad pseudo names, and drops other names that are not tokens.
      if (name.charCodeAt(0) === 58 /* : */ || UPPER_CASE.test(name)) return true;
      delete headers[name];
      continue;
    }
    if (CONNECTION_FIELDS.has(name)) return true;
    if (name.charCodeAt(0) === 58 /* : */) {
      if (trailers || name !== ':status' || typeof value !== 'string' || !/^\d{3}$/.test(value)) return true;
      sawStatus = true;
    }
    if (name === 'te' && value !== 'trailers') return true;
    dropInvalidValues(headers, name, value);
  }
  return !trailers && !sawStatus;
}
