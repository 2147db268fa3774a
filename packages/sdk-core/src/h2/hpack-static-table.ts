/**
 * The HPACK static table (RFC 7541 Appendix A): 61 fields every HPACK peer knows, addressed by
 * index 1..61. Index 62 onwards is the dynamic table.
 */

/** Entries in RFC order; entry i (0-based) is HPACK index i + 1. */
const ENTRIES: readonly (readonly [name: string, value: string])[] = [
  [':authority', ''],
  [':method', 'GET'],
  [':method', 'POST'],
  [':path', '/'],
  [':path', '/index.html'],
  [':scheme', 'http'],
  [':scheme', 'https'],
  [':status', '200'],
  [':status', '204'],
  [':status', '206'],
  [':status', '304'],
  [':status', '400'],
  [':status', '404'],
  [':status', '500'],
  ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'],
  ['accept-language', ''],
  ['accept-ranges', ''],
  ['accept', ''],
  ['access-control-allow-origin', ''],
  ['age', ''],
  ['allow', ''],
  ['authorization', ''],
  ['cache-control', ''],
  ['content-disposition', ''],
  ['content-encoding', ''],
  ['content-language', ''],
  ['content-length', ''],
  ['content-location', ''],
  ['content-range', ''],
  ['content-type', ''],
  ['cookie', ''],
  ['date', ''],
  ['etag', ''],
  ['expect', ''],
  ['expires', ''],
  ['from', ''],
  ['host', ''],
  ['if-match', ''],
  ['if-modified-since', ''],
  ['if-none-match', ''],
  ['if-range', ''],
  ['if-unmodified-since', ''],
  ['last-modified', ''],
  ['link', ''],
  ['location', ''],
  ['max-forwards', ''],
  ['proxy-authenticate', ''],
  ['proxy-authorization', ''],
  ['range', ''],
  ['referer', ''],
  ['refresh', ''],
  ['retry-after', ''],
  ['server', ''],
  ['set-cookie', ''],
  ['strict-transport-security', ''],
  ['transfer-encoding', ''],
  ['user-agent', ''],
  ['vary', ''],
  ['via', ''],
  ['www-authenticate', ''],
];

/** Number of static entries; the first dynamic entry is index STATIC_TABLE_LENGTH + 1. */
export const STATIC_TABLE_LENGTH = 61;

/**
 * Names by HPACK index (slot 0 unused). Flat arrays so the decoder's indexed-field path is one
 * array load returning the same string object every time, never a copy.
 */
export const STATIC_NAMES: readonly string[] = ['', ...ENTRIES.map((entry) => entry[0])];

/** Values by HPACK index (slot 0 unused). */
export const STATIC_VALUES: readonly string[] = ['', ...ENTRIES.map((entry) => entry[1])];

/** name -> value -> index, for exact matches. */
const FIELD_INDEX = new Map<string, Map<string, number>>();
/** name -> lowest index with that name. */
const NAME_INDEX = new Map<string, number>();
for (let index = ENTRIES.length; index >= 1; index--) {
  const name = STATIC_NAMES[index] as string;
  const value = STATIC_VALUES[index] as string;
  let values = FIELD_INDEX.get(name);
  if (values === undefined) {
    values = new Map();
    FIELD_INDEX.set(name, values);
  }
  values.set(value, index);
  NAME_INDEX.set(name, index);
}

/** value -> static index for the entries named `name`, or undefined when the name is not there. */
export function staticValueIndexes(name: string): ReadonlyMap<string, number> | undefined {
  return FIELD_INDEX.get(name);
}

/** The static index of exactly (name, value), or 0 when there is none. */
export function staticFieldIndex(name: string, value: string): number {
  return FIELD_INDEX.get(name)?.get(value) ?? 0;
}

/** The lowest static index whose name is `name`, or 0 when there is none. */
export function staticNameIndex(name: string): number {
  return NAME_INDEX.get(name) ?? 0;
}
