import fc from 'fast-check';
import hessian from 'hessian.js';
import { describe, expect, it } from 'vitest';
import { Code } from './code.js';
import { RpcError } from './rpc-error.js';
import {
  decodeRequestWrapper,
  decodeResponseWrapper,
  encodeRequestWrapper,
  encodeResponseWrapper,
  type TripleRequestWrapper,
  type TripleResponseWrapper,
} from './wrapper.js';

const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
const toHex = (data: Uint8Array): string => Buffer.from(data).toString('hex');

/** Splits a triple.md §10 DATA vector into its 5-byte gRPC prefix and the wrapper message after it. */
function unframe(hex: string): Uint8Array {
  const frame = bytes(hex);
  const length = new DataView(frame.buffer, frame.byteOffset).getUint32(1);
  expect(frame[0]).toBe(0);
  expect(length).toBe(frame.length - 5);
  return frame.subarray(5);
}

describe('triple.md §10 vectors', () => {
  it('2: sayHello("world") request is the 41-byte DATA after its prefix', () => {
    const expected = unframe(`00 00 00 00 24 0a 08 68 65 73 73 69 61 6e 34 12 06 05 77 6f 72 6c 64
      1a 10 6a 61 76 61 2e 6c 61 6e 67 2e 53 74 72 69 6e 67`);
    const encoded = encodeRequestWrapper({
      serializeType: 'hessian4',
      args: [hessian.encode('world', '2.0')],
      argTypes: ['java.lang.String'],
    });
    expect(toHex(encoded)).toBe(toHex(expected));
    expect(encoded.length + 5).toBe(41);
    expect(decodeRequestWrapper(expected)).toEqual({
      serializeType: 'hessian4',
      args: [bytes('05776f726c64')],
      argTypes: ['java.lang.String'],
    });
  });

  it("2: Go's request differs only in hessian2", () => {
    const encoded = encodeRequestWrapper({
      serializeType: 'hessian2',
      args: [bytes('05776f726c64')],
      argTypes: ['java.lang.String'],
    });
    expect(toHex(encoded)).toBe(
      '0a086865737369616e321206' + '05776f726c64' + '1a106a6176612e6c616e672e537472696e67',
    );
  });

  it('3: the reply decodes to "Hello world" data with type java.lang.String', () => {
    const reply =
      unframe(`00 00 00 00 2a 0a 08 68 65 73 73 69 61 6e 34 12 0c 0b 48 65 6c 6c 6f 20 77 6f 72 6c 64
      1a 10 6a 61 76 61 2e 6c 61 6e 67 2e 53 74 72 69 6e 67`);
    const wrapper = decodeResponseWrapper(reply);
    expect(wrapper.serializeType).toBe('hessian4');
    expect(wrapper.type).toBe('java.lang.String');
    expect(hessian.decode(Buffer.from(wrapper.data ?? []), '2.0')).toBe('Hello world');
    expect(toHex(encodeResponseWrapper(wrapper))).toBe(toHex(reply));
  });

  it('4: a no-argument request is field 1 alone', () => {
    const expected = unframe('00 00 00 00 0a 0a 08 68 65 73 73 69 61 6e 34');
    expect(toHex(encodeRequestWrapper({ serializeType: 'hessian4', args: [], argTypes: [] }))).toBe(
      toHex(expected),
    );
    expect(decodeRequestWrapper(expected)).toEqual({ serializeType: 'hessian4', args: [], argTypes: [] });
  });

  it('5: int 1', () => {
    const expected = unframe('00 00 00 00 12 0a 08 68 65 73 73 69 61 6e 34 12 01 91 1a 03 69 6e 74');
    const encoded = encodeRequestWrapper({
      serializeType: 'hessian4',
      args: [hessian.encode(1, '2.0')],
      argTypes: ['int'],
    });
    expect(toHex(encoded)).toBe(toHex(expected));
  });

  it('6: a void reply carries N and type void', () => {
    const expected = unframe('00 00 00 00 13 0a 08 68 65 73 73 69 61 6e 34 12 01 4e 1a 04 76 6f 69 64');
    const encoded = encodeResponseWrapper({ serializeType: 'hessian4', data: bytes('4e'), type: 'void' });
    expect(toHex(encoded)).toBe(toHex(expected));
    expect(decodeResponseWrapper(expected)).toEqual({
      serializeType: 'hessian4',
      data: bytes('4e'),
      type: 'void',
    });
  });
});

describe('field presence (triple.md §4)', () => {
  it('omits field 2 when data is undefined, but always writes fields 1 and 3', () => {
    const encoded = encodeResponseWrapper({ serializeType: '', data: undefined, type: '' });
    expect(toHex(encoded)).toBe('0a001a00');
    expect(decodeResponseWrapper(encoded)).toEqual({ serializeType: '', data: undefined, type: '' });
  });

  it('keeps an empty but present data field distinct from an absent one', () => {
    const encoded = encodeResponseWrapper({
      serializeType: 'hessian2',
      data: new Uint8Array(0),
      type: 'void',
    });
    expect(decodeResponseWrapper(encoded).data).toEqual(new Uint8Array(0));
  });

  it('writes a two-byte length varint for a 200-byte argument', () => {
    const encoded = encodeRequestWrapper({ serializeType: 'x', args: [new Uint8Array(200)], argTypes: [] });
    expect(toHex(encoded.subarray(0, 6))).toBe('0a0178' + '12c801');
    expect(decodeRequestWrapper(encoded).args[0]).toHaveLength(200);
  });

  it('accepts fields in any order and keeps the last serializeType, like Java', () => {
    const decoded = decodeRequestWrapper(bytes('1a03696e74 0a0161 120191 0a0162'));
    expect(decoded).toEqual({ serializeType: 'b', args: [bytes('91')], argTypes: ['int'] });
  });

  it('accepts a non-minimal varint of at most five bytes, as protobuf and Java do', () => {
    expect(decodeResponseWrapper(bytes('0a8100 61')).serializeType).toBe('a');
  });
});

describe('malformed wrappers are RpcError(Internal)', () => {
  const cases: Array<[string, string]> = [
    ['wire type 0', '0801'],
    ['wire type 5 for field 2', '1501020304'],
    ['field 4', '220161'],
    ['field 0', '020161'],
    ['truncated tag varint', '8a'],
    ['truncated length varint', '0a80'],
    ['length past the end', '0a0561'],
    ['overlong (six-byte) length varint', '0a8080808080 00'],
    ['length varint beyond 32 bits', '0affffffff7f'],
  ];
  for (const [name, hex] of cases) {
    it(name, () => {
      for (const decode of [decodeRequestWrapper, decodeResponseWrapper]) {
        expect(() => decode(bytes(hex))).toThrowError(RpcError);
        try {
          decode(bytes(hex));
        } catch (error) {
          expect((error as RpcError).code).toBe(Code.Internal);
        }
      }
    });
  }
});

describe('properties', () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 40 });
  const blob = fc.uint8Array({ maxLength: 300 });

  it('round-trips arbitrary request wrappers', () => {
    fc.assert(
      fc.property(
        fc.record({
          serializeType: text,
          args: fc.array(blob, { maxLength: 6 }),
          argTypes: fc.array(text, { maxLength: 6 }),
        }),
        (wrapper: TripleRequestWrapper) => {
          expect(decodeRequestWrapper(encodeRequestWrapper(wrapper))).toEqual(wrapper);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('round-trips arbitrary response wrappers', () => {
    fc.assert(
      fc.property(
        fc.record({ serializeType: text, data: fc.option(blob, { nil: undefined }), type: text }),
        (wrapper: TripleResponseWrapper) => {
          expect(decodeResponseWrapper(encodeResponseWrapper(wrapper))).toEqual(wrapper);
        },
      ),
      { numRuns: 1000 },
    );
  });

  /** Either decodes, or throws RpcError(Internal); any other error is a bug. */
  function decodesOrRejects(input: Uint8Array): void {
    for (const decode of [decodeRequestWrapper, decodeResponseWrapper]) {
      try {
        decode(input);
      } catch (error) {
        expect(error).toBeInstanceOf(RpcError);
        expect((error as RpcError).code).toBe(Code.Internal);
      }
    }
  }

  it('never throws anything but RpcError on garbage', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), decodesOrRejects), { numRuns: 2000 });
  });

  it('never throws anything but RpcError on truncated or corrupted valid wrappers', () => {
    const valid = fc
      .record({
        serializeType: text,
        args: fc.array(blob, { maxLength: 3 }),
        argTypes: fc.array(text, { maxLength: 3 }),
      })
      .map(encodeRequestWrapper);
    fc.assert(
      fc.property(valid, fc.nat(), fc.nat(255), (encoded, position, value) => {
        decodesOrRejects(encoded.subarray(0, position % (encoded.length + 1)));
        const corrupted = encoded.slice();
        if (corrupted.length > 0) corrupted[position % corrupted.length] = value;
        decodesOrRejects(corrupted);
      }),
      { numRuns: 1000 },
    );
  });
});
