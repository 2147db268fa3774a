import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type HeaderFields, HpackDecoder } from './hpack-decoder.js';
import { HpackEncoder, INDEXED_HEADER_NAMES, NEVER_INDEXED_HEADER_NAMES } from './hpack-encoder.js';

const hex = (text: string): string => text.replace(/\s/g, '');

/** Both tables as [name, value] pairs, newest first, via the decoder's view of the peer's table. */
function decoderTable(decoder: HpackDecoder): [string, string][] {
  const entries: [string, string][] = [];
  for (let i = 0; i < decoder.tableLength; i++) entries.push(decoder.tableEntry(i) as [string, string]);
  return entries;
}

/** What decoding `fields` in order should give: repeated names collect into arrays. */
function expectedHeaders(fields: readonly (readonly [string, string])[]): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of fields) {
    const existing = Object.hasOwn(headers, name) ? headers[name] : undefined;
    if (existing === undefined)
      Object.defineProperty(headers, name, { value, enumerable: true, writable: true });
    else if (typeof existing === 'string') headers[name] = [existing, value];
    else existing.push(value);
  }
  return headers;
}

const plain = (headers: HeaderFields): Record<string, unknown> => ({ ...headers });

describe('HpackEncoder: RFC 7541 C.3/C.4 request sequence', () => {
  it('encodes the three requests so our decoder gets them back, with the tables the policy implies', () => {
    const encoder = new HpackEncoder();
    const decoder = new HpackDecoder();
    const requests: Record<string, string>[] = [
      { ':method': 'GET', ':scheme': 'http', ':path': '/', ':authority': 'www.example.com' },
      {
        ':method': 'GET',
        ':scheme': 'http',
        ':path': '/',
        ':authority': 'www.example.com',
        'cache-control': 'no-cache',
      },
      {
        ':method': 'GET',
        ':scheme': 'https',
        ':path': '/index.html',
        ':authority': 'www.example.com',
        'custom-key': 'custom-value',
      },
    ];
    const blocks = requests.map((request) => {
      const block = encoder.encode(request);
      expect(plain(decoder.decode(block).headers)).toEqual(request);
      // The encoder's and decoder's tables agree after every block.
      expect([encoder.tableLength, encoder.tableBytes]).toEqual([decoder.tableLength, decoder.tableBytes]);
      return block.toString('hex');
    });
    // Request 1: the policy matches the RFC's (C.4.1, Huffman) octet for octet.
    expect(blocks[0]).toBe(hex('8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff'));
    expect(decoderTable(decoder)).toEqual([[':authority', 'www.example.com']]);
    // Request 2: cache-control is not a stable name, so it is a literal without indexing
    // (static name 24) and without Huffman, instead of the RFC's incremental indexing; the table
    // stays at 57 octets, so :authority is still index 62 (be).
    expect(blocks[1]).toBe(hex('8286 84be 0f09 086e 6f2d 6361 6368 65'));
    // Request 3: custom-key is a literal with a literal name, not indexed either.
    expect(blocks[2]).toBe(hex('8287 85be 000a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65'));
    expect(decoderTable(decoder)).toEqual([[':authority', 'www.example.com']]);
    expect(decoder.tableBytes).toBe(57);
  });

  it('encodes the C.5/C.6 responses (table 256) so our decoder gets them back', () => {
    const encoder = new HpackEncoder(256);
    const decoder = new HpackDecoder(256);
    const date21 = 'Mon, 21 Oct 2013 20:13:21 GMT';
    const location = 'https://www.example.com';
    const responses: Record<string, string>[] = [
      { ':status': '302', 'cache-control': 'private', date: date21, location },
      { ':status': '307', 'cache-control': 'private', date: date21, location },
      {
        ':status': '200',
        'cache-control': 'private',
        date: 'Mon, 21 Oct 2013 20:13:22 GMT',
        location,
        'content-encoding': 'gzip',
        'set-cookie': 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1',
      },
    ];
    for (const response of responses) {
      expect(plain(decoder.decode(encoder.encode(response)).headers)).toEqual(response);
    }
    // None of these names is stable: nothing entered the table.
    expect(decoder.tableLength).toBe(0);
  });
});

describe('HpackEncoder: policy', () => {
  it('indexes stable names once and sends them as one octet afterwards', () => {
    const encoder = new HpackEncoder();
    const decoder = new HpackDecoder();
    const request = {
      ':method': 'POST',
      ':scheme': 'http',
      ':path': '/org.example.Greeter/sayHello',
      ':authority': '127.0.0.1:50051',
      'content-type': 'application/grpc+proto',
      te: 'trailers',
      'grpc-timeout': '1000m',
    };
    const first = encoder.encode(request);
    decoder.decode(first);
    expect(decoder.tableLength).toBe(4);
    const second = encoder.encode(request);
    expect(plain(decoder.decode(second).headers)).toEqual(request);
    // :method POST (83), :scheme http (86), four dynamic entries, grpc-timeout literal (new name).
    expect(second.subarray(0, 6).toString('hex')).toBe(hex('83 86 c1 c0 bf be'));
    expect(second[6]).toBe(0x00);
    expect(decoder.tableLength).toBe(4);
  });

  it('sends secrets as never-indexed literals', () => {
    const encoder = new HpackEncoder();
    const block = encoder.encode({ authorization: 'Bearer abc', token: 't' });
    // authorization: static name 23 on a 4-bit prefix (0x1f, 0x08); token: literal name.
    expect(block[0]).toBe(0x1f);
    expect(block[1]).toBe(0x08);
    const tokenAt = 2 + 1 + ((block[2] as number) & 0x7f);
    expect(block[tokenAt]).toBe(0x10);
    expect(plain(new HpackDecoder().decode(block).headers)).toEqual({
      authorization: 'Bearer abc',
      token: 't',
    });
    expect(NEVER_INDEXED_HEADER_NAMES.has('cookie')).toBe(true);
    expect(INDEXED_HEADER_NAMES.has(':path')).toBe(true);
  });

  it('does not index a stable field that would take over half the table', () => {
    const encoder = new HpackEncoder(256);
    const decoder = new HpackDecoder(256);
    decoder.decode(encoder.encode({ ':path': `/${'p'.repeat(100)}` }));
    expect(decoder.tableLength).toBe(0);
    decoder.decode(encoder.encode({ ':path': `/${'p'.repeat(80)}` }));
    expect(decoder.tableLength).toBe(1);
  });

  it('puts leading fields first and collects a name present in both', () => {
    const encoder = new HpackEncoder();
    const decoded = new HpackDecoder().decode(
      encoder.encode({ ':path': '/a', x: '1' }, { ':scheme': 'https', ':authority': 'h', x: '0' }),
    );
    expect(Object.keys(decoded.headers)).toEqual([':scheme', ':authority', 'x', ':path']);
    expect(decoded.headers.x).toEqual(['0', '1']);
  });

  it('sends latin1 values above 0x7f octet for octet', () => {
    const value = 'caf\u00e9 \u00ff\u0080';
    const decoded = new HpackDecoder().decode(new HpackEncoder().encode({ 'x-latin1': value }));
    expect(decoded.headers['x-latin1']).toBe(value);
  });
});

describe('HpackEncoder: table size updates', () => {
  it('starts the next block with the smallest and the final size after a dip', () => {
    const encoder = new HpackEncoder();
    const decoder = new HpackDecoder();
    decoder.decode(encoder.encode({ ':authority': 'a.example' }));
    expect(decoder.tableLength).toBe(1);
    encoder.setPeerMaxTableBytes(0);
    encoder.setPeerMaxTableBytes(256);
    const block = encoder.encode({ ':authority': 'a.example' });
    // 0 on a 5-bit prefix (20), 256 (3f e1 01), then the field, inserted again.
    expect(block.subarray(0, 4).toString('hex')).toBe(hex('20 3f e1 01'));
    decoder.decode(block);
    expect(decoderTable(decoder)).toEqual([[':authority', 'a.example']]);
    expect(encoder.tableBytes).toBe(decoder.tableBytes);
  });

  it('never grows beyond 4096 and tells the peer when it starts below the setting', () => {
    const encoder = new HpackEncoder(65536);
    const block = encoder.encode({ ':method': 'GET' });
    // 4096 on a 5-bit prefix: 3f e1 1f.
    expect(block.toString('hex')).toBe(hex('3fe11f 82'));
    encoder.setPeerMaxTableBytes(100_000);
    expect(encoder.encode({ ':method': 'GET' }).toString('hex')).toBe('82');
  });
});

describe('HpackEncoder: block cache', () => {
  const template = Object.freeze({
    ':method': 'POST',
    ':path': '/svc/m',
    'content-type': 'application/grpc',
    te: 'trailers',
  });
  const leading = Object.freeze({ ':scheme': 'http', ':authority': 'h:1' });

  it('returns the same Buffer for a frozen template while the table is unchanged', () => {
    const encoder = new HpackEncoder();
    const decoder = new HpackDecoder();
    const first = encoder.encode(template, leading);
    const second = encoder.encode(template, leading);
    expect(second).not.toBe(first);
    expect(second.length).toBeLessThan(first.length);
    const third = encoder.encode(template, leading);
    expect(third).toBe(second);
    for (const block of [first, second, third]) {
      expect(plain(decoder.decode(block).headers)).toEqual({ ...leading, ...template });
    }
    // Another (table-changing) block invalidates it; the bytes are the same once re-encoded.
    decoder.decode(encoder.encode({ ':path': '/other' }));
    const fourth = encoder.encode(template, leading);
    expect(fourth).not.toBe(third);
    expect(plain(decoder.decode(fourth).headers)).toEqual({ ...leading, ...template });
    expect(encoder.encode(template, leading)).toBe(fourth);
  });

  it('does not return the cached block for another leading object, an unfrozen one, or after a size change', () => {
    const encoder = new HpackEncoder();
    encoder.encode(template, leading);
    const cached = encoder.encode(template, leading);
    expect(encoder.encode(template, leading)).toBe(cached);
    expect(encoder.encode(template, Object.freeze({ ...leading }))).not.toBe(cached);
    const unfrozen = { ...leading };
    expect(encoder.encode(template, unfrozen)).not.toBe(encoder.encode(template, unfrozen));
    const mutable = { ...template };
    expect(encoder.encode(mutable, leading)).not.toBe(encoder.encode(mutable, leading));
    const before = encoder.encode(template, leading);
    encoder.setPeerMaxTableBytes(4000);
    const after = encoder.encode(template, leading);
    expect(after).not.toBe(before);
    expect(after[0]).toBe(0x3f);
  });
});

describe('HpackEncoder + HpackDecoder: property', () => {
  const pseudoName = fc.constantFrom(':method', ':scheme', ':authority', ':path', ':status');
  const regularName = fc.oneof(
    fc.constantFrom(
      ...INDEXED_HEADER_NAMES,
      ...NEVER_INDEXED_HEADER_NAMES,
      'grpc-timeout',
      'x-a',
      'content-length',
    ),
    fc.stringMatching(/^[a-z0-9-]{1,12}$/),
  );
  const latin1 = fc.string({
    unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)),
    maxLength: 120,
  });
  const value = fc.oneof(
    fc.constantFrom('', 'GET', 'POST', '/', 'http', 'a', 'application/grpc', 'trailers'),
    latin1,
  );
  const record = (names: fc.Arbitrary<string>, maxKeys: number) =>
    fc.dictionary(names, value, { maxKeys }).map((entries) => Object.freeze({ ...entries }));
  const step = fc.record({
    leading: fc.option(record(pseudoName, 3), { nil: undefined }),
    headers: fc.tuple(record(pseudoName, 3), record(regularName, 8)).map(([pseudo, regular]) => ({
      ...pseudo,
      ...regular,
    })),
    peerTableSize: fc.option(fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.constantFrom(0, 64, 256, 4096)), {
      nil: undefined,
      freq: 4,
    }),
    again: fc.boolean(),
  });

  it('a sequence of blocks from one encoder decodes to the same lists with one decoder', () => {
    const initialSize = fc.oneof(fc.integer({ min: 0, max: 4096 }), fc.constantFrom(4096, 65536));
    fc.assert(
      fc.property(initialSize, fc.array(step, { maxLength: 30 }), (initial, steps) => {
        // The settings exchange: the decoder's side advertises `initial` as its
        // SETTINGS_HEADER_TABLE_SIZE (the decoder accepts any table size up to it), the encoder
        // starts from it, and later settings the encoder obeys never exceed it.
        const encoder = new HpackEncoder(initial);
        const decoder = new HpackDecoder(initial);
        for (const { leading, headers, peerTableSize, again } of steps) {
          if (peerTableSize !== undefined) encoder.setPeerMaxTableBytes(Math.min(peerTableSize, initial));
          const fields = [...Object.entries(leading ?? {}), ...Object.entries(headers)];
          for (let round = 0; round < (again ? 2 : 1); round++) {
            const decoded = decoder.decode(encoder.encode(headers, leading));
            expect(plain(decoded.headers)).toEqual(expectedHeaders(fields));
            const keys = Object.keys(decoded.headers).filter((key) => !/^\d+$/.test(key));
            expect(keys).toEqual(
              [...new Set(fields.map(([name]) => name))].filter((key) => !/^\d+$/.test(key)),
            );
            expect(encoder.tableBytes).toBe(decoder.tableBytes);
            expect(encoder.tableLength).toBe(decoder.tableLength);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
