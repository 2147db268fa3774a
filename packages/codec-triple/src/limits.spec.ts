import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_HEADER_LIST_BYTES, DEFAULT_MAX_MESSAGE_BYTES } from './limits.js';

describe('limits', () => {
  it('match the smallest peer limits of triple.md §2 and §3', () => {
    expect(DEFAULT_MAX_MESSAGE_BYTES).toBe(4_194_304);
    expect(DEFAULT_MAX_HEADER_LIST_BYTES).toBe(32_768);
  });
});
