import { describe, expect, it } from 'vitest';
import type { HeaderFields } from './hpack-decoder.js';
import { combineRepeatedFields } from './repeated-fields.js';

describe('combineRepeatedFields (as node:http2 builds its header objects)', () => {
  it('joins repeated fields with ", ", keeps the first of a single-value field and lists set-cookie', () => {
    const headers: HeaderFields = {
      ':status': '200',
      'grpc-status': ['0', '13'],
      'content-type': ['application/grpc', 'text/plain'],
      'set-cookie': ['a=1', 'b=2'],
      cookie: ['a=1', 'b=2'],
      'x-one': 'v',
    };
    expect(combineRepeatedFields(headers)).toEqual({
      ':status': '200',
      'grpc-status': '0, 13',
      'content-type': 'application/grpc',
      'set-cookie': ['a=1', 'b=2'],
      cookie: 'a=1; b=2',
      'x-one': 'v',
    });
  });

  it('leaves a repeated pseudo field as a list for the malformed-response check', () => {
    expect(combineRepeatedFields({ ':status': ['200', '204'] })).toEqual({ ':status': ['200', '204'] });
  });
});
