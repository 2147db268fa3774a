import type { Serializer } from '../serializer.js';

/**
 * Passes bytes through untouched, for callers that frame or serialize themselves. Zero copy: `encode` and
 * `decode` return the very array they were given, so neither side should mutate it afterwards.
 */
export const rawSerializer: Serializer<Uint8Array> = {
  name: 'raw',
  encode: (value) => value,
  decode: (bytes) => bytes,
};
