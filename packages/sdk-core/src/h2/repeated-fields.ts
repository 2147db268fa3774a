import type { HeaderFields } from './hpack-decoder.js';

/**
 * Names node:http2 keeps one value of when a response repeats them (the first one): the fields
 * HTTP defines as single values. Kept the same here so a repeated field reads the same on both
 * engines.
 */
const SINGLE_VALUE_NAMES: ReadonlySet<string> = new Set([
  'access-control-allow-credentials',
  'access-control-max-age',
  'access-control-request-method',
  'age',
  'authorization',
  'content-encoding',
  'content-language',
  'content-length',
  'content-location',
  'content-md5',
  'content-range',
  'content-type',
  'date',
  'dnt',
  'etag',
  'expires',
  'from',
  'host',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-range',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'range',
  'referer',
  'retry-after',
  'tk',
  'upgrade-insecure-requests',
  'user-agent',
  'x-content-type-options',
]);

/**
 * Combines the values of repeated regular fields (of a response, or a request to our server) as
 * node:http2 does for its header objects:
 * `set-cookie` stays a list, `cookie` is joined with "; ", single-value fields keep their first
 * value, and every other field is joined with ", " (RFC 9110 §5.3). So a repeated `grpc-status`
 * reads "0, 13" (invalid, hence UNKNOWN) on both engines, not whichever came first. Pseudo fields
 * are left as lists: repeating one makes the response malformed (response-fields.ts), checked first.
 */
export function combineRepeatedFields(headers: HeaderFields): HeaderFields {
  for (const name in headers) {
    const value = headers[name]!;
    if (typeof value === 'string' || name === 'set-cookie' || name.charCodeAt(0) === 58 /* : */) continue;
    if (SINGLE_VALUE_NAMES.has(name)) headers[name] = value[0]!;
    else headers[name] = value.join(name === 'cookie' ? '; ' : ', ');
  }
  return headers;
}
