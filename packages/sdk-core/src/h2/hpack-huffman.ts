/**
 * The HPACK Huffman code (RFC 7541 Appendix B) and its codec.
 *
 * The RFC's code is canonical: within one code length, codes count up in symbol order, and each
 * longer length continues from the previous length's next code shifted left. So the code lengths
 * alone define it; we keep only those and derive the codes (the spec checks a sample of codes
 * against the RFC's table, and the RFC C.4/C.6 examples decode).
 *
 * Decoding is table driven: a state is an internal node of the code tree (256 of them), and for
 * each state and each 4-bit input nibble a precomputed entry gives the next state, the symbol
 * completed on the way (at most one: the shortest code is 5 bits) and whether stopping there is a
 * valid end of string. Two array loads per input byte, no objects, no per-bit branching.
 */
import { HpackError } from './hpack-error.js';
import { allocLatin1Buffer, type Latin1Buffer } from './hpack-latin1.js';

/** Code length in bits of symbols 0..255 and EOS (256), in RFC Appendix B order. */
// biome-ignore format: 16 symbols per line, as a table
export const HUFFMAN_CODE_LENGTHS: Readonly<Uint8Array> = Uint8Array.from([
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, //   0..15
  28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28, //  16..31
   6, 10, 10, 12, 13,  6,  8, 11, 10, 10,  8, 11,  8,  6,  6,  6, //  32..47  ' ' .. '/'
   5,  5,  5,  6,  6,  6,  6,  6,  6,  6,  7,  8, 15,  6, 12, 10, //  48..63  '0' .. '?'
  13,  6,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7, //  64..79  '@' .. 'O'
   7,  7,  7,  7,  7,  7,  7,  7,  8,  7,  8, 13, 19, 13, 14,  6, //  80..95  'P' .. '_'
  15,  5,  6,  5,  6,  5,  6,  6,  6,  5,  7,  7,  6,  6,  6,  5, //  96..111 '`' .. 'o'
   6,  7,  6,  5,  5,  6,  7,  7,  7,  7,  7, 15, 11, 14, 13, 28, // 112..127 'p' .. DEL
  20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, // 128..143
  24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24, // 144..159
  22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, // 160..175
  21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23, // 176..191
  26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, // 192..207
  19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27, // 208..223
  20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, // 224..239
  26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26, // 240..255
  30,                                                             // EOS
]);

/** The EOS symbol: never valid inside a string; its leading bits are the padding. */
export const HUFFMAN_EOS = 256;

/** Code of each symbol, right-aligned (the low HUFFMAN_CODE_LENGTHS[s] bits). */
export const HUFFMAN_CODES: Readonly<Uint32Array> = deriveCanonicalCodes(HUFFMAN_CODE_LENGTHS);

function deriveCanonicalCodes(lengths: Readonly<Uint8Array>): Uint32Array {
  const codes = new Uint32Array(lengths.length);
  let code = 0;
  for (let length = 1; length <= 30; length++) {
    for (let symbol = 0; symbol < lengths.length; symbol++) {
      if (lengths[symbol] === length) codes[symbol] = code++;
    }
    code *= 2;
  }
  return codes;
}

// ---------------------------------------------------------------------------------------------
// Encoding

/** Octets `text` (latin1) takes once Huffman encoded, padding included. */
export function huffmanEncodedLength(text: string): number {
  let bits = 0;
  for (let i = 0; i < text.length; i++) bits += HUFFMAN_CODE_LENGTHS[text.charCodeAt(i) & 0xff] as number;
  return (bits + 7) >>> 3;
}

/**
 * Writes the Huffman encoding of `text` (latin1) into `target` at `offset`, padded with the EOS
 * prefix (ones) to a whole octet. `target` must have huffmanEncodedLength(text) octets free.
 * Returns the offset after the last octet written.
 */
export function huffmanEncode(text: string, target: Uint8Array, offset: number): number {
  // Bits accumulate right-aligned in `pending`; at most 7 left over + 30 new would overflow 32 bits,
  // so a long code is added in two parts.
  let pending = 0;
  let pendingBits = 0;
  let at = offset;
  for (let i = 0; i < text.length; i++) {
    const symbol = text.charCodeAt(i) & 0xff;
    let length = HUFFMAN_CODE_LENGTHS[symbol] as number;
    const code = HUFFMAN_CODES[symbol] as number;
    if (length > 24) {
      const high = length - 16;
      pending = (pending << high) | (code >>> 16);
      pendingBits += high;
      while (pendingBits >= 8) {
        pendingBits -= 8;
        target[at++] = pending >>> pendingBits;
      }
      pending &= (1 << pendingBits) - 1;
      length = 16;
      pending = (pending << 16) | (code & 0xffff);
    } else {
      pending = (pending << length) | code;
    }
    pendingBits += length;
    while (pendingBits >= 8) {
      pendingBits -= 8;
      target[at++] = pending >>> pendingBits;
    }
    pending &= (1 << pendingBits) - 1;
  }
  if (pendingBits > 0) target[at++] = (pending << (8 - pendingBits)) | (0xff >>> pendingBits);
  return at;
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** Entry flag: a symbol was completed; it is in bits 8..15. */
const EMITS = 1;
/** Entry flag: the string may end here (at the root, or up to 7 one-bits into the all-ones path). */
const MAY_END = 2;
/** Entry flag: the bits spell EOS, which is an error inside a string. */
const FAILS = 4;

/**
 * Transition table: entry [state * 16 + nibble] = next state << 16 | symbol << 8 | flags. Built on
 * the first Huffman string, not at import: most clients import the SDK long before a response
 * arrives, and import time is measured (bench/README.md, "Hot path").
 */
let transitions: Uint32Array | undefined;

function buildTransitions(): Uint32Array {
  // The code tree as arrays: child[node * 2 + bit] >= 0 is an internal node, < 0 is leaf ~symbol.
  const child = new Int32Array(2 * 256).fill(0x7fffffff);
  let nodes = 1;
  for (let symbol = 0; symbol <= HUFFMAN_EOS; symbol++) {
    const length = HUFFMAN_CODE_LENGTHS[symbol] as number;
    const code = HUFFMAN_CODES[symbol] as number;
    let node = 0;
    for (let bit = length - 1; bit > 0; bit--) {
      const slot = node * 2 + ((code >>> bit) & 1);
      if (child[slot] === 0x7fffffff) child[slot] = nodes++;
      node = child[slot] as number;
    }
    child[node * 2 + (code & 1)] = ~symbol;
  }
  if (nodes !== 256) throw new Error(`Huffman code tree has ${nodes} internal nodes, expected 256`);
  // Depth of each node on the all-ones path from the root (-1 when not on it).
  const onesDepth = new Int8Array(256).fill(-1);
  for (let node = 0, depth = 0; node >= 0; node = child[node * 2 + 1] as number, depth++)
    onesDepth[node] = depth;

  const table = new Uint32Array(256 * 16);
  for (let state = 0; state < 256; state++) {
    for (let nibble = 0; nibble < 16; nibble++) {
      let node = state;
      let flags = 0;
      let symbol = 0;
      for (let bit = 3; bit >= 0; bit--) {
        const next = child[node * 2 + ((nibble >>> bit) & 1)] as number;
        if (next >= 0) {
          node = next;
          continue;
        }
        if (~next === HUFFMAN_EOS) flags |= FAILS;
        symbol = ~next;
        flags |= EMITS;
        node = 0;
      }
      const depth = onesDepth[node] as number;
      if (depth >= 0 && depth <= 7) flags |= MAY_END;
      table[state * 16 + nibble] = (node << 16) | ((symbol & 0xff) << 8) | flags;
    }
  }
  return table;
}

/** Reused output for decoding; grows to the largest string seen (bounded by the block size). */
let scratch: Latin1Buffer = allocLatin1Buffer(256);

/**
 * Decodes the Huffman-encoded octets `source[start..end)` into a latin1 string. Throws HpackError
 * for padding longer than 7 bits, padding that is not all ones, or EOS inside the string
 * (RFC 7541 §5.2).
 */
export function huffmanDecode(source: Uint8Array, start: number, end: number): string {
  // Every symbol is at least 5 bits, so n octets decode to at most floor(8n / 5) symbols.
  const bound = Math.floor(((end - start) * 8) / 5);
  if (bound > scratch.length) scratch = allocLatin1Buffer(Math.max(bound, scratch.length * 2));
  const out = scratch;
  transitions ??= buildTransitions();
  const table = transitions;
  let length = 0;
  let state = 0;
  let entry = MAY_END;
  for (let i = start; i < end; i++) {
    const octet = source[i] as number;
    entry = table[(state << 4) | (octet >>> 4)] as number;
    if ((entry & EMITS) !== 0) {
      if ((entry & FAILS) !== 0) throw new HpackError('EOS symbol inside a Huffman string');
      out[length++] = (entry >>> 8) & 0xff;
    }
    state = entry >>> 16;
    entry = table[(state << 4) | (octet & 0xf)] as number;
    if ((entry & EMITS) !== 0) {
      if ((entry & FAILS) !== 0) throw new HpackError('EOS symbol inside a Huffman string');
      out[length++] = (entry >>> 8) & 0xff;
    }
    state = entry >>> 16;
  }
  if ((entry & MAY_END) === 0) {
    throw new HpackError('Huffman string ends with padding that is over 7 bits or not all ones');
  }
  return out.latin1Slice(0, length);
}
