import { describe, expect, it } from 'vitest';
import { DEFAULT_HESSIAN_LIMITS } from './java/hessian-reader.js';
import {
  DEFAULT_LIMITS,
  DEFAULT_MAX_HEADER_LIST_BYTES,
  DEFAULT_MAX_MESSAGE_BYTES,
  LIMIT_DESCRIPTIONS,
} from './limits.js';

describe('limits', () => {
  it('match the smallest peer limits of triple.md §2 and §3', () => {
    expect(DEFAULT_MAX_MESSAGE_BYTES).toBe(4_194_304);
    expect(DEFAULT_MAX_HEADER_LIST_BYTES).toBe(32_768);
  });

  it('describe every default once, with the values the decoders use', () => {
    expect(LIMIT_DESCRIPTIONS.map((row) => row.name).sort()).toEqual(Object.keys(DEFAULT_LIMITS).sort());
    for (const row of LIMIT_DESCRIPTIONS) expect(row.value).toBe(DEFAULT_LIMITS[row.name]);
    expect(DEFAULT_HESSIAN_LIMITS).toEqual({
      maxDepth: 256,
      maxBytes: 8_388_608,
      maxCollectionLength: 1_000_000,
      maxCollections: 1_000_000,
    });
  });
});
