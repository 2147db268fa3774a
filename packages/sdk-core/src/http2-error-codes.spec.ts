import http2 from 'node:http2';
import { describe, expect, it } from 'vitest';
import * as codes from './http2-error-codes.js';

describe('HTTP/2 error codes', () => {
  it('equal the ones node:http2 names, without loading it at import time', () => {
    for (const [name, value] of Object.entries(codes)) {
      expect(value, name).toBe(http2.constants[name as keyof typeof http2.constants]);
    }
  });
});
