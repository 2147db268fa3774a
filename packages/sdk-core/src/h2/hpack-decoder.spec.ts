import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HpackDecoder } from './hpack-decoder.js';
import { HpackError } from './hpack-error.js';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s/g, ''), 'hex');

/** The dynamic table as [name, value] pairs, newest first, and its size. */
function tableOf(decoder: HpackDecoder): { entries: [string, string][]; bytes: number } {
  const entries: [string, string][] = [];
  for (let i = 0; i < decoder.tableLength; i++) entries.push(decoder.tableEntry(i) as [string, string]);
  return { entries, bytes: decoder.tableBytes };
}

const plain = (headers: object): Record<string, unknown> => ({ ...headers });

describe('HpackDecoder: RFC 7541 Appendix C.2 (single representations)', () => {
  it('C.2.1 literal with indexing', () => {
    const decoder = new HpackDecoder();
    const block = decoder.decode(hex('400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572'));
    expect(plain(block.headers)).toEqual({ 'custom-key': 'custom-header' });
    expect(block.listBytes).toBe(55);
    expect(tableOf(decoder)).toEqual({ entries: [['custom-key', 'custom-header']], bytes: 55 });
  });

  it('C.2.2 literal without indexing', () => {
    const decoder = new HpackDecoder();
    const block = decoder.decode(hex('040c 2f73 616d 706c 652f 7061 7468'));
    expect(plain(block.headers)).toEqual({ ':path': '/sample/path' });
    expect(tableOf(decoder)).toEqual({ entries: [], bytes: 0 });
  });

  it('C.2.3 literal never indexed', () => {
    const decoder = new HpackDecoder();
    const block = decoder.decode(hex('1008 7061 7373 776f 7264 0673 6563 7265 74'));
    expect(plain(block.headers)).toEqual({ password: 'secret' });
    expect(tableOf(decoder)).toEqual({ entries: [], bytes: 0 });
  });

  it('C.2.4 indexed field', () => {
    const decoder = new HpackDecoder();
    expect(plain(decoder.decode(hex('82')).headers)).toEqual({ ':method': 'GET' });
    expect(tableOf(decoder).bytes).toBe(0);
  });
});

/** Requests of C.3 (plain) and C.4 (Huffman): same header lists and tables, different octets. */
const REQUESTS = [
  {
    headers: { ':method': 'GET', ':scheme': 'http', ':path': '/', ':authority': 'www.example.com' },
    table: [[':authority', 'www.example.com']],
    bytes: 57,
    plain: '8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
    huffman: '8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff',
  },
  {
    headers: {
      ':method': 'GET',
      ':scheme': 'http',
      ':path': '/',
      ':authority': 'www.example.com',
      'cache-control': 'no-cache',
    },
    table: [
      ['cache-control', 'no-cache'],
      [':authority', 'www.example.com'],
    ],
    bytes: 110,
    plain: '8286 84be 5808 6e6f 2d63 6163 6865',
    huffman: '8286 84be 5886 a8eb 1064 9cbf',
  },
  {
    headers: {
      ':method': 'GET',
      ':scheme': 'https',
      ':path': '/index.html',
      ':authority': 'www.example.com',
      'custom-key': 'custom-value',
    },
    table: [
      ['custom-key', 'custom-value'],
      ['cache-control', 'no-cache'],
      [':authority', 'www.example.com'],
    ],
    bytes: 164,
    plain: '8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65',
    huffman: '8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf',
  },
] as const;

const DATE_21 = 'Mon, 21 Oct 2013 20:13:21 GMT';
const DATE_22 = 'Mon, 21 Oct 2013 20:13:22 GMT';
const LOCATION = 'https://www.example.com';
const COOKIE = 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1';

/** Responses of C.5 (plain) and C.6 (Huffman), table size 256: evictions happen. */
const RESPONSES = [
  {
    headers: { ':status': '302', 'cache-control': 'private', date: DATE_21, location: LOCATION },
    table: [
      ['location', LOCATION],
      ['date', DATE_21],
      ['cache-control', 'private'],
      [':status', '302'],
    ],
    bytes: 222,
    plain:
      '4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
    huffman:
      '4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3',
  },
  {
    headers: { ':status': '307', 'cache-control': 'private', date: DATE_21, location: LOCATION },
    table: [
      [':status', '307'],
      ['location', LOCATION],
      ['date', DATE_21],
      ['cache-control', 'private'],
    ],
    bytes: 222,
    plain: '4803 3330 37c1 c0bf',
    huffman: '4883 640e ffc1 c0bf',
  },
  {
    headers: {
      ':status': '200',
      'cache-control': 'private',
      date: DATE_22,
      location: LOCATION,
      'content-encoding': 'gzip',
      'set-cookie': COOKIE,
    },
    table: [
      ['set-cookie', COOKIE],
      ['content-encoding', 'gzip'],
      ['date', DATE_22],
    ],
    bytes: 215,
    plain:
      '88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31',
    huffman:
      '88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07',
  },
] as const;

describe('HpackDecoder: RFC 7541 Appendix C.3-C.6 (sequences sharing one table)', () => {
  for (const coding of ['plain', 'huffman'] as const) {
    it(`requests ${coding === 'plain' ? 'C.3 (no Huffman)' : 'C.4 (Huffman)'}`, () => {
      const decoder = new HpackDecoder();
      for (const step of REQUESTS) {
        const block = decoder.decode(hex(step[coding]));
        expect(plain(block.headers)).toEqual(step.headers);
        expect(Object.keys(block.headers)).toEqual(Object.keys(step.headers));
        expect(block.pseudoFirst).toBe(true);
        expect(tableOf(decoder)).toEqual({ entries: step.table, bytes: step.bytes });
      }
    });

    it(`responses ${coding === 'plain' ? 'C.5 (no Huffman)' : 'C.6 (Huffman)'}, table size 256 with eviction`, () => {
      const decoder = new HpackDecoder(256);
      for (const step of RESPONSES) {
        const block = decoder.decode(hex(step[coding]));
        expect(plain(block.headers)).toEqual(step.headers);
        let listBytes = 0;
        for (const [name, value] of Object.entries(step.headers))
          listBytes += name.length + value.length + 32;
        expect(block.listBytes).toBe(listBytes);
        expect(tableOf(decoder)).toEqual({ entries: step.table, bytes: step.bytes });
      }
    });
  }
});

describe('HpackDecoder: header list shape', () => {
  it('collects repeated names into an array in arrival order', () => {
    const decoder = new HpackDecoder();
    // set-cookie (static name 55) three times, literal without indexing, then :status 200.
    const block = decoder.decode(hex('0f28 0161 0f28 0162 88 0f28 0163'));
    expect(plain(block.headers)).toEqual({ 'set-cookie': ['a', 'b', 'c'], ':status': '200' });
    expect(block.pseudoFirst).toBe(false);
  });

  it('reports a pseudo header after a regular one', () => {
    const decoder = new HpackDecoder();
    expect(decoder.decode(hex('88 0f28 0161')).pseudoFirst).toBe(true);
    expect(decoder.decode(hex('0f28 0161 88')).pseudoFirst).toBe(false);
  });

  it('keeps names that shadow Object.prototype as plain fields', () => {
    const decoder = new HpackDecoder();
    const literal = (name: string, value: string): Buffer =>
      Buffer.concat([
        Buffer.from([0x00, name.length]),
        Buffer.from(name),
        Buffer.from([value.length]),
        Buffer.from(value),
      ]);
    const block = decoder.decode(
      Buffer.concat([literal('__proto__', 'x'), literal('constructor', 'y'), literal('constructor', 'z')]),
    );
    expect(Object.getOwnPropertyDescriptor(block.headers, '__proto__')?.value).toBe('x');
    expect(block.headers.constructor).toEqual(['y', 'z']);
  });

  it('returns the table strings themselves for indexed fields', () => {
    const decoder = new HpackDecoder();
    decoder.decode(hex('400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572'));
    const first = decoder.decode(hex('be'));
    expect(first.headers['custom-key']).toBe(decoder.tableEntry(0)?.[1]);
  });
});

describe('HpackDecoder: errors and limits', () => {
  const decodeFails = (block: string, message: RegExp, decoder = new HpackDecoder()): void => {
    let thrown: unknown;
    try {
      decoder.decode(hex(block));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HpackError);
    expect((thrown as HpackError).message).toMatch(message);
  };

  it('rejects indexes beyond the tables, and index 0', () => {
    decodeFails('be', /index 62 is beyond the table/);
    decodeFails('c6', /index 70 is beyond the table/);
    decodeFails('80', /index 0/);
    decodeFails('7f 0a 01 61', /index 73 is beyond the table/);
  });

  it('rejects truncated integers and strings', () => {
    decodeFails('ff', /truncated integer/);
    decodeFails('ff 80', /truncated integer/);
    decodeFails('40', /truncated string/);
    decodeFails('40 05 61 62', /truncated string/);
    decodeFails('0f28 03 61', /truncated string/);
  });

  it('rejects a declared 2^31 octet string quickly, without allocating it', () => {
    // Literal, new name, length 2^31 on a 7-bit prefix: 7f then 2^31 - 127 in 7-bit groups.
    const length = 2 ** 31 - 127;
    const groups: number[] = [];
    let rest = length;
    while (rest >= 128) {
      groups.push((rest % 128) | 0x80);
      rest = Math.floor(rest / 128);
    }
    groups.push(rest);
    const block = Buffer.from([0x00, 0x7f, ...groups, 0x61, 0x62]);
    const started = process.hrtime.bigint();
    expect(() => new HpackDecoder().decode(block)).toThrow(/truncated string: 2147483648 octets declared/);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(50);
  });

  it('rejects integers above 2^32-1 and 6 continuation octets', () => {
    // 2^32 - 1 itself (as a size update) is fine syntax but above our table limit.
    decodeFails('3f e0 ff ff ff 0f', /exceeds our limit/);
    decodeFails('3f e1 ff ff ff 0f', /integer overflows/);
    decodeFails('3f 80 80 80 80 80 01', /more than 5 continuation octets/);
    decodeFails('ff 80 80 80 80 80 00', /more than 5 continuation octets/);
  });

  it('rejects bad Huffman strings', () => {
    decodeFails('0f28 81 18', /padding/);
    decodeFails('0f28 84 ffff ffff', /EOS/);
  });

  it('accepts table size updates only at the block start, up to our limit', () => {
    const decoder = new HpackDecoder(256);
    decoder.decode(hex('400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572'));
    expect(decoder.tableLength).toBe(1);
    // Two updates (0 then 256) at the start empty the table; fields may follow.
    expect(plain(decoder.decode(hex('20 3f e1 01 82')).headers)).toEqual({ ':method': 'GET' });
    expect(decoder.tableLength).toBe(0);
    decodeFails('3f e2 01', /exceeds our limit 256/, decoder);
    expect(() => decoder.decode(hex('82 20'))).toThrow(/size update after a header field/);
  });

  it('keeps decoding (and the table in sync) past maxListBytes, storing nothing more', () => {
    const decoder = new HpackDecoder();
    const big = 'v'.repeat(100);
    // 88 (:status 200, 42 octets), then literal-with-indexing x-big: big (137 octets), then 82.
    const block = Buffer.concat([
      hex('88 40 05'),
      Buffer.from('x-big'),
      Buffer.from([big.length]),
      Buffer.from(big),
      hex('82'),
    ]);
    const decoded = decoder.decode(block, 100);
    expect(decoded.listBytes).toBe(42 + 137 + 42);
    expect(plain(decoded.headers)).toEqual({ ':status': '200' });
    // The entry from the oversized block is in the table: the next block refers to it.
    expect(plain(decoder.decode(hex('be')).headers)).toEqual({ 'x-big': big });
  });

  it('random octets either decode or throw HpackError, and never hang', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 60 }), (first, second) => {
        const decoder = new HpackDecoder(256);
        for (const block of [first, second]) {
          try {
            const decoded = decoder.decode(block, 1000);
            expect(decoded.listBytes).toBeGreaterThanOrEqual(0);
          } catch (error) {
            expect(error).toBeInstanceOf(HpackError);
          }
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('random blocks made of valid-looking representations decode or throw HpackError', () => {
    const representation = fc.oneof(
      fc.integer({ min: 0x80, max: 0xff }).map((b) => [b]),
      fc
        .tuple(fc.integer({ min: 0, max: 0x7f }), fc.uint8Array({ maxLength: 6 }))
        .map(([first, rest]) => [first, rest.length, ...rest]),
      fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => [...bytes]),
    );
    fc.assert(
      fc.property(fc.array(representation, { maxLength: 20 }), (parts) => {
        const decoder = new HpackDecoder(256);
        try {
          decoder.decode(Uint8Array.from(parts.flat()));
        } catch (error) {
          expect(error).toBeInstanceOf(HpackError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
