import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HpackError } from './hpack-error.js';
import {
  HUFFMAN_CODE_LENGTHS,
  HUFFMAN_CODES,
  HUFFMAN_EOS,
  huffmanDecode,
  huffmanEncode,
  huffmanEncodedLength,
} from './hpack-huffman.js';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s/g, ''), 'hex');

function encode(text: string): Buffer {
  const out = Buffer.alloc(huffmanEncodedLength(text));
  const end = huffmanEncode(text, out, 0);
  expect(end).toBe(out.length);
  return out;
}

function decode(bytes: Uint8Array): string {
  return huffmanDecode(bytes, 0, bytes.length);
}

/** The strings Huffman coded in RFC 7541 Appendix C.4 and C.6, with their encodings. */
const RFC_STRINGS: readonly (readonly [string, string])[] = [
  ['www.example.com', 'f1e3 c2e5 f23a 6ba0 ab90 f4ff'],
  ['no-cache', 'a8eb 1064 9cbf'],
  ['custom-key', '25a8 49e9 5ba9 7d7f'],
  ['custom-value', '25a8 49e9 5bb8 e8b4 bf'],
  ['302', '6402'],
  ['307', '640e ff'],
  ['private', 'aec3 771a 4b'],
  ['Mon, 21 Oct 2013 20:13:21 GMT', 'd07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff'],
  ['Mon, 21 Oct 2013 20:13:22 GMT', 'd07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff'],
  ['https://www.example.com', '9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3'],
  ['gzip', '9bd9 ab'],
];

describe('Huffman code table', () => {
  it('matches a sample of codes from RFC 7541 Appendix B (hex aligned to LSB, length)', () => {
    const sample: readonly (readonly [number, number, number])[] = [
      [0, 0x1ff8, 13],
      [1, 0x7fffd8, 23],
      [9, 0xffffea, 24],
      [10, 0x3ffffffc, 30],
      [22, 0x3ffffffe, 30],
      [32, 0x14, 6],
      [36, 0x1ff9, 13],
      [47, 0x18, 6],
      [48, 0x0, 5],
      [58, 0x5c, 7],
      [60, 0x7ffc, 15],
      [92, 0x7fff0, 19],
      [97, 0x3, 5],
      [116, 0x9, 5],
      [122, 0x7b, 7],
      [126, 0x1ffd, 13],
      [127, 0xffffffc, 28],
      [128, 0xfffe6, 20],
      [153, 0x1fffdc, 21],
      [192, 0x3ffffe0, 26],
      [199, 0x1ffffec, 25],
      [203, 0x7ffffde, 27],
      [220, 0xffffffd, 28],
      [227, 0x1fffe6, 21],
      [249, 0xffffffe, 28],
      [254, 0x7fffff0, 27],
      [255, 0x3ffffee, 26],
      [256, 0x3fffffff, 30],
    ];
    for (const [symbol, code, length] of sample) {
      expect([symbol, HUFFMAN_CODES[symbol], HUFFMAN_CODE_LENGTHS[symbol]]).toEqual([symbol, code, length]);
    }
  });

  it('is a complete prefix code over 257 symbols (Kraft sum exactly 1)', () => {
    expect(HUFFMAN_CODE_LENGTHS.length).toBe(257);
    let sum = 0;
    for (const length of HUFFMAN_CODE_LENGTHS) sum += 2 ** (30 - length);
    expect(sum).toBe(2 ** 30);
    expect(HUFFMAN_CODE_LENGTHS[HUFFMAN_EOS]).toBe(30);
  });
});

describe('huffmanEncode / huffmanDecode', () => {
  it('reproduces the RFC 7541 C.4 and C.6 encodings both ways', () => {
    for (const [text, encoded] of RFC_STRINGS) {
      expect(encode(text).toString('hex')).toBe(hex(encoded).toString('hex'));
      expect(huffmanEncodedLength(text)).toBe(hex(encoded).length);
      expect(decode(hex(encoded))).toBe(text);
    }
  });

  it('round-trips every one of the 256 octet values, alone and together', () => {
    let all = '';
    for (let octet = 0; octet < 256; octet++) {
      const text = String.fromCharCode(octet);
      expect(decode(encode(text))).toBe(text);
      expect(decode(encode(`a${text}b${text}${text}`))).toBe(`a${text}b${text}${text}`);
      all += text;
    }
    expect(decode(encode(all))).toBe(all);
    expect(decode(encode(all + all.split('').reverse().join('')))).toBe(
      all + all.split('').reverse().join(''),
    );
  });

  it('round-trips random latin1 strings, and decodes from the middle of a larger buffer', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)) }),
        (text) => {
          const encoded = encode(text);
          expect(decode(encoded)).toBe(text);
          const framed = Buffer.concat([Buffer.from([1, 2, 3]), encoded, Buffer.from([4])]);
          expect(huffmanDecode(framed, 3, 3 + encoded.length)).toBe(text);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('encodes and decodes the empty string as zero octets', () => {
    expect(huffmanEncodedLength('')).toBe(0);
    expect(decode(new Uint8Array(0))).toBe('');
  });

  it('writes at an offset and returns the end', () => {
    const out = Buffer.alloc(10, 0xaa);
    expect(huffmanEncode('302', out, 3)).toBe(5);
    expect(out.toString('hex')).toBe('aaaaaa6402aaaaaaaaaa');
  });

  it('rejects padding longer than 7 bits', () => {
    // 'a' is 00011; 00011111 is 'a' plus 3 bits of padding, then 8 more one-bits.
    expect(decode(hex('1f'))).toBe('a');
    expect(() => decode(hex('1f ff'))).toThrow(HpackError);
    expect(() => decode(hex('ff'))).toThrow(/padding/);
    // '0' '0' '0' is 15 bits + 1 bit of padding; a whole extra octet of ones is too much padding.
    expect(decode(hex('0001'))).toBe('000');
    expect(() => decode(hex('0001 ff'))).toThrow(/padding/);
  });

  it('rejects padding that is not the EOS prefix (all ones)', () => {
    // 'a' followed by 000: a zero bit in the padding.
    expect(() => decode(hex('18'))).toThrow(/padding/);
    // 'a' then 101.
    expect(() => decode(hex('1d'))).toThrow(/padding/);
  });

  it('rejects an EOS symbol inside the string', () => {
    // 30 one-bits are EOS; 32 one-bits are EOS plus 2 bits of padding.
    expect(() => decode(hex('ffffffff'))).toThrow(/EOS/);
    // 'a' (00011) then EOS (30 ones) then 5 bits of padding.
    expect(() => decode(hex('1fffffff ff'))).toThrow(/EOS/);
  });
});
