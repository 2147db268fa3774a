import type { IncomingHttpHeaders } from 'node:http2';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Attachments,
  isReservedKey,
  isValidHeaderValue,
  readAttachments,
  writeAttachments,
} from './attachments.js';
import { Code } from './code.js';
import { RpcError } from './rpc-error.js';

function written(attachments: Parameters<typeof writeAttachments>[0]): Record<string, string> {
  const headers: Record<string, string> = {};
  writeAttachments(attachments, headers);
  return headers;
}

function thrown(fn: () => unknown): RpcError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RpcError);
    return error as RpcError;
  }
  throw new Error('expected a throw');
}

describe('writeAttachments', () => {
  it('writes {userId:"42"} as userid plus tri-header-convert (triple.md §10.7)', () => {
    expect(written({ userId: '42' })).toEqual({
      userid: '42',
      'tri-header-convert': '%7B%22userid%22%3A%22userId%22%7D',
    });
  });

  it('writes {traceCtx: 01 02 03} as tracectx-bin: AQID (triple.md §10.7)', () => {
    const headers = written({ traceCtx: Uint8Array.of(1, 2, 3) });
    expect(headers['tracectx-bin']).toBe('AQID');
    expect(headers.tracectx).toBeUndefined();
    // The receiver strips -bin before applying the case map (Java's headersToMap), so the map is keyed by `tracectx`.
    expect(JSON.parse(decodeURIComponent(headers['tri-header-convert']!))).toEqual({ tracectx: 'traceCtx' });
  });

  it('never emits interface, path, group, application or remote.application (triple.md §10.7)', () => {
    const headers = written({
      interface: 'x',
      path: 'x',
      group: 'x',
      application: 'x',
      'remote.application': 'x',
      Interface: 'x',
      ':path': '/evil',
      'content-type': 'text/plain',
      'grpc-status': '0',
      'grpc-anything': 'x',
      'tri-service-version': '9',
      'TRI-Header-Convert': 'x',
      te: 'gzip',
      host: 'x',
      'Transfer-Encoding': 'chunked',
      'grpc-status-details': Uint8Array.of(1),
    });
    expect(headers).toEqual({});
  });

  it('writes base64 without padding, skips null and undefined, stringifies numbers and booleans', () => {
    expect(
      written({
        one: Uint8Array.of(0xff),
        two: Uint8Array.of(1, 2),
        none: null,
        missing: undefined,
        n: 3.5,
        b: false,
      }),
    ).toEqual({ 'one-bin': '/w', 'two-bin': 'AQI', n: '3.5', b: 'false' });
    expect(written({ e: new Uint8Array(0) })).toEqual({ 'e-bin': '' });
  });

  it('encodes only the viewed bytes of a subarray', () => {
    const backing = Uint8Array.of(9, 1, 2, 3, 9);
    expect(written({ k: backing.subarray(1, 4) })).toEqual({ 'k-bin': 'AQID' });
  });

  it('does not double a -bin suffix', () => {
    expect(written({ 'sig-bin': Uint8Array.of(1, 2, 3) })).toEqual({ 'sig-bin': 'AQID' });
  });

  it('rejects a text value under a -bin key, which peers would base64-decode', () => {
    expect(thrown(() => written({ 'sig-bin': 'AQID' })).code).toBe(Code.InvalidArgument);
    expect(thrown(() => written({ 'sig-bin': 1 })).code).toBe(Code.InvalidArgument);
  });

  it('rejects keys that are not HTTP tokens, naming the key', () => {
    for (const key of ['', 'a b', 'a:b', 'a\nb', 'é', 'a/b', 'a"b', 'a,b']) {
      const error = thrown(() => written({ [key]: 'v' }));
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toContain(`attachment "${key}"`);
    }
  });

  it('rejects control characters and characters node:http2 would truncate, never echoing the value', () => {
    for (const value of ['s3cr3t\r\nx-injected: 1', 'line\n', 'nul\0', 'bell\x07', 'del\x7f', '中文']) {
      const error = thrown(() => written({ token: value }));
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toContain('attachment "token"');
      expect(error.message).not.toContain(value);
    }
    expect(written({ token: 'tab\there, latin1 é, symbols !@#$%^&*()' })).toEqual({
      token: 'tab\there, latin1 é, symbols !@#$%^&*()',
    });
  });

  it('rejects any string with CR, LF or NUL (property)', () => {
    const bad = fc
      .tuple(fc.string(), fc.constantFrom('\r', '\n', '\0', '\r\n'), fc.string())
      .map(([a, c, b]) => a + c + b);
    fc.assert(
      fc.property(bad, (value) => {
        const error = thrown(() => written({ secret: value }));
        expect(error.code).toBe(Code.InvalidArgument);
        expect(error.rawMessage).toBe(
          'attachment "secret" has a value with control characters or characters above U+00FF',
        );
      }),
      { numRuns: 500 },
    );
  });

  it('lets the last of two keys equal up to case win', () => {
    expect(written({ a: '1', A: '2' })).toEqual({ a: '2', 'tri-header-convert': '%7B%22a%22%3A%22A%22%7D' });
  });
});

describe('readAttachments', () => {
  it('drops pseudo and reserved headers', () => {
    const headers: IncomingHttpHeaders = {
      ':status': '200',
      'content-type': 'application/grpc',
      te: 'trailers',
      'user-agent': 'x',
      'grpc-status': '0',
      'grpc-message': 'ok',
      'tri-exception-code': '0',
      interface: 'x',
      token: 'abc',
    };
    expect(readAttachments(headers)).toEqual({ token: 'abc' });
  });

  it('decodes -bin values, padded or not, under the key without -bin (Java headersToMap)', () => {
    const out = readAttachments({ 'a-bin': 'AQI=', 'b-bin': 'AQI', '-bin': 'AQI' });
    expect(out.a).toEqual(Uint8Array.of(1, 2));
    expect(out.b).toEqual(Uint8Array.of(1, 2));
    expect(out['-bin']).toBe('AQI'); // Java needs a non-empty key before the suffix
  });

  it('joins repeated values with ", " and decodes repeated binary values one by one', () => {
    const out = readAttachments({ v: ['1', '2'], 'x-bin': ['AQ', 'Ag=='] });
    expect(out.v).toBe('1, 2');
    expect(out.x).toEqual(Uint8Array.of(1, 2));
  });

  it('applies tri-header-convert, including to binary keys', () => {
    const out = readAttachments({
      userid: '42',
      'tracectx-bin': 'AQID',
      'tri-header-convert': '%7B%22userid%22%3A%22userId%22%2C%22tracectx%22%3A%22traceCtx%22%7D',
    });
    expect(out).toEqual({ userId: '42', traceCtx: Uint8Array.of(1, 2, 3) });
  });

  it('ignores a malformed or hostile tri-header-convert', () => {
    for (const convert of [
      '%7B',
      'not json',
      '[1,2]',
      '"str"',
      'null',
      '{"userid":5}',
      '{"userid":"__proto__"}',
    ]) {
      expect(readAttachments({ userid: '42', 'tri-header-convert': convert })).toEqual({ userid: '42' });
    }
    expect(readAttachments({ userid: '42', 'tri-header-convert': '{"absent":"Absent"}' })).toEqual({
      userid: '42',
    });
  });

  it('cannot be made to replace the prototype of the result', () => {
    const out = readAttachments({ '__proto__-bin': 'AQID', constructor: 'x' });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out).toEqual({ constructor: 'x' });
  });

  it('adds to an existing object', () => {
    const into: Attachments = { fromHeaders: 'h' };
    expect(readAttachments({ t: 'trailer' }, into)).toBe(into);
    expect(into).toEqual({ fromHeaders: 'h', t: 'trailer' });
  });
});

const TOKEN_CHARS = [..."abcXYZ019!#$%&'*+.^_`|~-"];
const key = fc
  .string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 12 })
  .filter((k) => !isReservedKey(k.toLowerCase()) && !k.toLowerCase().endsWith('-bin'));
const text = fc
  .string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)) })
  .filter(isValidHeaderValue);
const value = fc.oneof(text, fc.uint8Array({ maxLength: 40 }));

describe('attachments round trip', () => {
  it('reads back what it wrote: mixed-case keys, text and binary values', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(key, value), { selector: ([k]) => k.toLowerCase(), maxLength: 8 }),
        (entries) => {
          const attachments: Attachments = Object.fromEntries(entries);
          const back = readAttachments(written(attachments));
          expect(Object.keys(back).sort()).toEqual(Object.keys(attachments).sort());
          for (const [k, v] of entries) {
            expect(back[k]).toEqual(v);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('writes only valid header names and values', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 8 }), (attachments) => {
        for (const [name, v] of Object.entries(written(attachments))) {
          expect(name).toMatch(/^[!#$%&'*+.^_`|~0-9a-z-]+$/);
          expect(isValidHeaderValue(v)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
