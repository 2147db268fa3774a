import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeGrpcMessage, encodeGrpcMessage } from './grpc-message.js';

describe('decodeGrpcMessage', () => {
  it('decodes the vectors of triple.md §10.8', () => {
    expect(decodeGrpcMessage('hello%20world%3A%20100%25')).toBe('hello world: 100%');
    expect(decodeGrpcMessage('hello world: 100%')).toBe('hello world: 100%');
    expect(decodeGrpcMessage('a+b')).toBe('a+b');
  });

  it('leaves invalid escapes literal', () => {
    expect(decodeGrpcMessage('%')).toBe('%');
    expect(decodeGrpcMessage('%2')).toBe('%2');
    expect(decodeGrpcMessage('%zz%4')).toBe('%zz%4');
    expect(decodeGrpcMessage('100%%41')).toBe('100%A');
    expect(decodeGrpcMessage('%%%')).toBe('%%%');
  });

  it('decodes multi-byte UTF-8 split over escapes, in either hex case', () => {
    expect(decodeGrpcMessage('%E4%B8%AD%e6%96%87!')).toBe('中文!');
    expect(decodeGrpcMessage('caf%C3%A9 ok')).toBe('café ok');
  });

  it('turns invalid UTF-8 into U+FFFD', () => {
    expect(decodeGrpcMessage('a%FFb')).toBe('a\uFFFDb');
    expect(decodeGrpcMessage('%C3')).toBe('\uFFFD');
  });

  it('keeps raw non-ASCII text as it is (Java 3.3 sends messages raw, triple.md §5)', () => {
    expect(decodeGrpcMessage('naïve 中 100%')).toBe('naïve 中 100%');
  });

  it('reads Java ≤3.2 QueryStringEncoder output (space as %20)', () => {
    expect(decodeGrpcMessage('Bad%20path%20format%3A%2Fa%2Fb%2Fc')).toBe('Bad path format:/a/b/c');
  });

  it('never throws, on anything', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('%', '2', '5', 'C', '3', 'F', 'z', '+', 'é', '\uD800') }),
        (s) => {
          expect(typeof decodeGrpcMessage(s)).toBe('string');
        },
      ),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => typeof decodeGrpcMessage(s) === 'string'));
  });
});

describe('encodeGrpcMessage', () => {
  it('keeps printable ASCII except %, escapes the rest as UTF-8 (gRPC spec)', () => {
    expect(encodeGrpcMessage('hello world: 100%')).toBe('hello world: 100%25');
    expect(encodeGrpcMessage('a\nb\té中')).toBe('a%0Ab%09%C3%A9%E4%B8%AD');
    expect(encodeGrpcMessage('~\x7f')).toBe('~%7F');
    expect(encodeGrpcMessage('plain')).toBe('plain');
  });

  it('round-trips any well-formed text through decodeGrpcMessage', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const encoded = encodeGrpcMessage(text);
        expect(encoded).toMatch(/^[\x20-\x7e]*$/);
        expect(decodeGrpcMessage(encoded)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });
});
