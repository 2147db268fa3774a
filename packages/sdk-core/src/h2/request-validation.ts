import type { HeaderFields } from './hpack-decoder.js';
import { CONNECTION_FIELDS, dropInvalidValues, validName } from './response-fields.js';

/** The request pseudo fields a server accepts; each may appear once (RFC 9113 §8.3.1). */
const REQUEST_PSEUDO = new Set([':method', ':scheme', ':path', ':authority']);

/**
 * Whether a request header block is malformed (RFC 9113 §8.1.1), which resets its stream with
 * PROTOCOL_ERROR as nghttp2 does for Node's server: upper-case or invalid names, a pseudo field
 * after a regular one, a pseudo field other than `:method`, `:scheme`, `:path`, `:authority` or
 * one of them twice, any of the first three missing (CONNECT is not served), a `:path` that is not
 * absolute, connection-specific fields, `te` other than `trailers`, and trailers with pseudo fields
 * or without END_STREAM. A regular field with an invalid value (NUL, CR, LF, white space at either
 * end) is dropped from `headers` instead, as for responses (response-fields.ts).
 */
export function malformedRequest(
  headers: HeaderFields,
  pseudoFirst: boolean,
  trailers: boolean,
  endStream: boolean,
): boolean {
  if (!pseudoFirst || (trailers && !endStream)) return true;
  let pseudoCount = 0;
  for (const name in headers) {
    const value = headers[name]!;
    if (!validName(name) || CONNECTION_FIELDS.has(name)) return true;
    if (name.charCodeAt(0) === 58 /* : */) {
      if (trailers || !REQUEST_PSEUDO.has(name) || typeof value !== 'string') return true;
      if (name !== ':authority') pseudoCount++;
      continue;
    }
    if (name === 'te' && value !== 'trailers') return true;
    dropInvalidValues(headers, name, value);
  }
  if (trailers) return false;
  if (pseudoCount !== 3) return true;
  const path = headers[':path'] as string;
  return path.charCodeAt(0) !== 47 /* / */ || headers[':method'] === 'CONNECT';
}
