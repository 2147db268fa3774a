/**
 * HPACK header block decoder (RFC 7541 §6). One per connection: it owns the dynamic table the
 * peer's encoder fills, so every block must be decoded, in order, even ones the caller rejects.
 */
import { HpackDynamicTable } from './hpack-dynamic-table.js';
import { HpackError } from './hpack-error.js';
import { huffmanDecode } from './hpack-huffman.js';
import { asLatin1Buffer, type Latin1Buffer } from './hpack-latin1.js';
import { STATIC_NAMES, STATIC_TABLE_LENGTH, STATIC_VALUES } from './hpack-static-table.js';

/** Decoded header block: names as sent (lowercase is checked by the caller), values as latin1 strings. */
export type HeaderFields = Record<string, string | string[]>;

export interface DecodedBlock {
  /** Repeated names collect into an array, in order of arrival. */
  readonly headers: HeaderFields;
  /** RFC 9113 §6.5.2 size: sum over fields of name.length + value.length + 32. */
  readonly listBytes: number;
  /** Names in arrival order were all pseudo (':'-prefixed) before any regular one: false if a pseudo
   * header followed a regular header (the caller treats that as malformed). */
  readonly pseudoFirst: boolean;
}

/**
 * Objects for decoded headers: their prototype has no prototype, so a field named `constructor`
 * or `__proto__` is an ordinary own property and never collides with Object.prototype, while V8
 * keeps the object in fast mode (an `Object.create(null)` object starts as a dictionary).
 */
const HeaderFieldsObject = function HeaderFieldsObject() {} as unknown as new () => HeaderFields;
HeaderFieldsObject.prototype = Object.create(null) as object;

const EMPTY = new Uint8Array(0);

/** Largest integer HPACK lets a peer send us (RFC 7541 §5.1 leaves the limit to implementations). */
const MAX_INTEGER = 0xffffffff;

export class HpackDecoder {
  private readonly table: HpackDynamicTable;
  private readonly maxTableBytes: number;
  /** Block being decoded and the read position in it; fields so helpers need not return pairs. */
  private block: Uint8Array = EMPTY;
  /** `block` as a Buffer for latin1 slicing, made on the first plain literal (most blocks have none). */
  private view: Latin1Buffer | undefined;
  private at = 0;

  /** `maxTableBytes`: our SETTINGS_HEADER_TABLE_SIZE (default 4096). */
  constructor(maxTableBytes = 4096) {
    this.maxTableBytes = maxTableBytes;
    this.table = new HpackDynamicTable(maxTableBytes);
  }

  /** Entries in the dynamic table (for tests and diagnostics). */
  get tableLength(): number {
    return this.table.length;
  }

  /** Dynamic table size by the RFC's rule (for tests and diagnostics). */
  get tableBytes(): number {
    return this.table.bytes;
  }

  /** Dynamic table entry `relative` (0 = newest) as [name, value] (for tests and diagnostics). */
  tableEntry(relative: number): [string, string] | undefined {
    if (relative < 0 || relative >= this.table.length) return undefined;
    return [this.table.name(relative), this.table.value(relative)];
  }

  /**
   * Decodes one complete header block (HEADERS + CONTINUATION payloads already joined). Always
   * processes the whole block so the dynamic table stays in sync, even when the list is huge;
   * `maxListBytes` only stops it from STORING more fields once listBytes exceeds it (it keeps
   * counting), so a hostile block cannot make it allocate a huge object. Throws HpackError on any
   * encoding error (bad index, integer over 2^32-1 / more than 5 continuation bytes, truncated
   * string or integer, bad Huffman, a table size update above maxTableBytes or not at the block's
   * start).
   */
  decode(block: Uint8Array, maxListBytes = Number.POSITIVE_INFINITY): DecodedBlock {
    const bytes = block;
    const end = bytes.length;
    const table = this.table;
    const headers = new HeaderFieldsObject();
    let listBytes = 0;
    let pseudoFirst = true;
    let sawRegular = false;
    let sawField = false;
    this.block = bytes;
    this.view = Buffer.isBuffer(bytes) ? (bytes as Latin1Buffer) : undefined;
    this.at = 0;
    try {
      while (this.at < end) {
        const first = bytes[this.at] as number;
        let name: string;
        let value: string;
        if (first >= 0x80) {
          // §6.1 Indexed Header Field.
          let index = first & 0x7f;
          if (index < 0x7f) this.at++;
          else index = this.readInteger(7);
          if (index <= STATIC_TABLE_LENGTH) {
            if (index === 0) throw new HpackError('index 0 is not a valid field index');
            name = STATIC_NAMES[index] as string;
            value = STATIC_VALUES[index] as string;
          } else {
            const relative = index - STATIC_TABLE_LENGTH - 1;
            if (relative >= table.length) throw beyondTable(index);
            name = table.name(relative);
            value = table.value(relative);
          }
        } else if (first >= 0x40) {
          // §6.2.1 Literal Header Field with Incremental Indexing.
          name = this.readLiteralName(6);
          value = this.readString();
          table.insert(name, value);
        } else if (first >= 0x20) {
          // §6.3 Dynamic Table Size Update: only before the first field (RFC 7541 §4.2).
          if (sawField) throw new HpackError('dynamic table size update after a header field');
          const size = this.readInteger(5);
          if (size > this.maxTableBytes) {
            throw new HpackError(
              `dynamic table size update to ${size} exceeds our limit ${this.maxTableBytes}`,
            );
          }
          table.resize(size);
          continue;
        } else {
          // §6.2.2 Literal without Indexing (0000) and §6.2.3 Never Indexed (0001): same layout.
          name = this.readLiteralName(4);
          value = this.readString();
        }
        sawField = true;
        if (name.charCodeAt(0) === 0x3a) {
          if (sawRegular) pseudoFirst = false;
        } else {
          sawRegular = true;
        }
        listBytes += name.length + value.length + 32;
        if (listBytes <= maxListBytes) addField(headers, name, value);
      }
    } finally {
      // Do not keep the caller's buffer alive until the next block.
      this.block = EMPTY;
      this.view = undefined;
    }
    return { headers, listBytes, pseudoFirst };
  }

  /** Name of a literal representation whose index has `prefixBits` bits (0 = literal name follows). */
  private readLiteralName(prefixBits: number): string {
    const index = this.readInteger(prefixBits);
    if (index === 0) return this.readString();
    if (index <= STATIC_TABLE_LENGTH) return STATIC_NAMES[index] as string;
    const relative = index - STATIC_TABLE_LENGTH - 1;
    if (relative >= this.table.length) throw beyondTable(index);
    return this.table.name(relative);
  }

  /** §5.2 String Literal: H bit, 7-bit-prefix length, then the octets. */
  private readString(): string {
    const bytes = this.block;
    if (this.at >= bytes.length) throw new HpackError('truncated string: block ends before its length');
    const huffman = ((bytes[this.at] as number) & 0x80) !== 0;
    const length = this.readInteger(7);
    const start = this.at;
    // Checked before any allocation, so a declared length of 2^31 costs nothing.
    if (length > bytes.length - start) {
      throw new HpackError(
        `truncated string: ${length} octets declared, ${bytes.length - start} left in the block`,
      );
    }
    this.at = start + length;
    if (huffman) return huffmanDecode(bytes, start, start + length);
    this.view ??= asLatin1Buffer(bytes);
    return this.view.latin1Slice(start, start + length);
  }

  /** §5.1 integer with an N-bit prefix starting at the current octet. */
  private readInteger(prefixBits: number): number {
    const bytes = this.block;
    const max = (1 << prefixBits) - 1;
    let value = (bytes[this.at++] as number) & max;
    if (value < max) return value;
    // At most 5 continuation octets: 7 * 5 = 35 bits covers 2^32 - 1 plus the prefix.
    let factor = 1;
    for (let octets = 0; octets < 5; octets++) {
      if (this.at >= bytes.length) throw new HpackError('truncated integer: block ends inside it');
      const octet = bytes[this.at++] as number;
      value += (octet & 0x7f) * factor;
      factor *= 128;
      if (octet < 0x80) {
        if (value > MAX_INTEGER) throw new HpackError(`integer overflows: ${value} is above 2^32-1`);
        return value;
      }
    }
    throw new HpackError('integer overflows: more than 5 continuation octets');
  }
}

function beyondTable(index: number): HpackError {
  return new HpackError(`index ${index} is beyond the table`);
}

function addField(headers: HeaderFields, name: string, value: string): void {
  const existing = headers[name];
  if (existing === undefined) headers[name] = value;
  else if (typeof existing === 'string') headers[name] = [existing, value];
  else existing.push(value);
}
