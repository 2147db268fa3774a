/**
 * HPACK header block encoder (RFC 7541 §6) with a policy tuned for Triple/gRPC requests: the few
 * header names whose values repeat call after call go into the dynamic table once and cost one or
 * two octets afterwards; everything else is sent as a literal that leaves the table alone, so the
 * table (and with it the block cache below) stays stable after warm-up.
 */
import { entrySize, HpackDynamicTable } from './hpack-dynamic-table.js';
import { huffmanEncode, huffmanEncodedLength } from './hpack-huffman.js';
import { allocLatin1Buffer, type Latin1Buffer } from './hpack-latin1.js';
import {
  STATIC_NAMES,
  STATIC_TABLE_LENGTH,
  staticNameIndex,
  staticValueIndexes,
} from './hpack-static-table.js';

/**
 * Names whose fields are added to the dynamic table ("literal with incremental indexing") the first
 * time and sent indexed afterwards: per connection they take few distinct values.
 */
export const INDEXED_HEADER_NAMES: ReadonlySet<string> = new Set([
  ':method',
  ':scheme',
  ':authority',
  ':path',
  'content-type',
  'te',
  'grpc-accept-encoding',
  'grpc-encoding',
  'user-agent',
  'tri-service-version',
  'tri-service-group',
  'tri-consumer-appname',
  'tri-unit-info',
]);

/**
 * Names whose values are secrets: sent "literal never indexed" (RFC 7541 §7.1.3) so neither we nor
 * any intermediary puts them in a compression table where a CRIME-style probe could guess them.
 */
export const NEVER_INDEXED_HEADER_NAMES: ReadonlySet<string> = new Set([
  'authorization',
  'token',
  'cookie',
  'proxy-authorization',
]);

/** Longest string copied octet by octet in JS rather than with the native latin1 write. */
const SHORT_STRING = 24;

/** Size of the slabs blocks are written into. */
const SLAB_BYTES = 16 * 1024;

/** We never let the peer's setting grow our table beyond the RFC default (memory per connection). */
const MAX_ENCODER_TABLE_BYTES = 4096;

/*
 * Huffman for literal strings: only for fields entering the dynamic table, and only when it makes
 * the string strictly shorter. bench/hpack-micro.ts (Node 20, 2-core VM) puts Huffman sizing +
 * encoding of a 37-octet value at ~210 ns against ~65 ns for a latin1 copy, to save ~27% of its
 * octets. An indexed field is written as a literal once per connection (then it is one octet),
 * so there the cost is paid once; a non-indexed literal (grpc-timeout, request ids, a bearer
 * token) is paid on every request whose block misses the cache, for a few octets on what is
 * usually a local link, and it also costs the peer a Huffman decode. CPU per call is what we are
 * saving, so those go out as plain latin1.
 */

/** What the encoder needs to know about a header name, found with one map lookup per field. */
interface NamePolicy {
  /** Lowest static index with this name, 0 when none. */
  readonly staticName: number;
  /** value -> static index, when the static table has the name. */
  readonly staticValues: ReadonlyMap<string, number> | undefined;
  /** In INDEXED_HEADER_NAMES. */
  readonly indexed: boolean;
  /** In NEVER_INDEXED_HEADER_NAMES. */
  readonly neverIndexed: boolean;
}

const UNLISTED_NAME: NamePolicy = {
  staticName: 0,
  staticValues: undefined,
  indexed: false,
  neverIndexed: false,
};

/** Policies for every name the static table or our two sets mention (a fixed, small set). */
const NAME_POLICIES = new Map<string, NamePolicy>();
for (const name of new Set([
  ...STATIC_NAMES.slice(1),
  ...INDEXED_HEADER_NAMES,
  ...NEVER_INDEXED_HEADER_NAMES,
])) {
  NAME_POLICIES.set(name, {
    staticName: staticNameIndex(name),
    staticValues: staticValueIndexes(name),
    indexed: INDEXED_HEADER_NAMES.has(name),
    neverIndexed: NEVER_INDEXED_HEADER_NAMES.has(name),
  });
}

/** A dynamic table that can also find entries by (name, value) and by name, for the encoder. */
class SearchableDynamicTable extends HpackDynamicTable {
  /** name -> value -> sequence number of the newest entry with that field. */
  private readonly fieldSequences = new Map<string, Map<string, number>>();
  /** name -> sequence number of the newest entry with that name. */
  private readonly nameSequences = new Map<string, number>();

  /** Inserts and indexes the entry (when it fits at all). */
  add(name: string, value: string): void {
    const before = this.insertCount;
    this.insert(name, value);
    if (this.insertCount === before) return;
    const sequence = before;
    let values = this.fieldSequences.get(name);
    if (values === undefined) {
      values = new Map();
      this.fieldSequences.set(name, values);
    }
    values.set(value, sequence);
    this.nameSequences.set(name, sequence);
  }

  /** HPACK index of exactly (name, value) in this table, or 0. */
  fieldIndex(name: string, value: string): number {
    const sequence = this.fieldSequences.get(name)?.get(value);
    return sequence === undefined ? 0 : this.indexOf(sequence);
  }

  /** HPACK index of the newest entry named `name`, or 0. */
  nameIndex(name: string): number {
    const sequence = this.nameSequences.get(name);
    return sequence === undefined ? 0 : this.indexOf(sequence);
  }

  protected override evicted(name: string, value: string, sequence: number): void {
    // Eviction goes oldest first and the maps hold the newest sequence, so a map entry that
    // still names this sequence means no newer entry shares the field (or name).
    const values = this.fieldSequences.get(name);
    if (values !== undefined && values.get(value) === sequence) {
      values.delete(value);
      if (values.size === 0) this.fieldSequences.delete(name);
    }
    if (this.nameSequences.get(name) === sequence) this.nameSequences.delete(name);
  }

  private indexOf(sequence: number): number {
    return STATIC_TABLE_LENGTH + this.insertCount - sequence;
  }
}

interface CachedBlock {
  readonly leading: Readonly<Record<string, string>> | undefined;
  /** Encoder epoch the block is valid for. */
  readonly epoch: number;
  readonly block: Buffer;
}

export class HpackEncoder {
  private readonly table: SearchableDynamicTable;
  /** Size updates owed at the start of the next block (RFC 7541 §4.2), -1 when none. */
  private smallestPendingSize = -1;
  private finalPendingSize = -1;
  /** Bumped by every change of the dynamic table (insertion, eviction, size change). */
  private epoch = 0;
  private readonly cache = new WeakMap<object, CachedBlock>();
  /**
   * Blocks are written straight into a slab and handed out as views of it (no per-block
   * allocation or copy, like Node's Buffer pool); a full slab is left to the blocks that still
   * reference it and a new one started.
   */
  private out: Latin1Buffer = allocLatin1Buffer(SLAB_BYTES);
  /** Where the block being encoded starts in `out`, and the write position. */
  private blockStart = 0;
  private at = 0;

  /** `maxTableBytes`: initial dynamic table limit (the peer's SETTINGS_HEADER_TABLE_SIZE default 4096). */
  constructor(maxTableBytes = 4096) {
    const limit = Math.min(maxTableBytes, MAX_ENCODER_TABLE_BYTES);
    this.table = new SearchableDynamicTable(limit);
    if (limit !== maxTableBytes) {
      // The peer's decoder starts at its advertised size; tell it we use less.
      this.smallestPendingSize = limit;
      this.finalPendingSize = limit;
    }
  }

  /** Entries in the dynamic table (for tests and diagnostics). */
  get tableLength(): number {
    return this.table.length;
  }

  /** Dynamic table size by the RFC's rule (for tests and diagnostics). */
  get tableBytes(): number {
    return this.table.bytes;
  }

  /** The peer's SETTINGS_HEADER_TABLE_SIZE changed: the encoder's table shrinks (or may grow up to
   * min(value, 4096)) and the next block starts with a dynamic table size update. */
  setPeerMaxTableBytes(bytes: number): void {
    const limit = Math.min(bytes, MAX_ENCODER_TABLE_BYTES);
    if (limit === this.table.maxBytes && this.finalPendingSize === -1) return;
    // Evicting now is what the peer will do when it reads the update: no block is encoded in
    // between. If the limit dips and comes back before the next block, the peer must still see
    // the dip (§4.2), so both the smallest and the final value are sent.
    this.table.resize(limit);
    this.smallestPendingSize =
      this.smallestPendingSize === -1 ? limit : Math.min(this.smallestPendingSize, limit);
    this.finalPendingSize = limit;
    this.epoch++;
  }

  /**
   * One header block: first every field of `leading` (pseudo headers the connection adds, e.g.
   * ':scheme', ':authority'), then `headers` in their own key order (the template puts its pseudo
   * headers first). Values are strings; names are lowercase already (the caller checks).
   *
   * When `headers` is frozen (and `leading` is frozen or absent), the block is cached per
   * `headers` object and returned again while the dynamic table is unchanged, so the returned
   * Buffer may be shared between calls: callers must not mutate it.
   */
  encode(headers: Readonly<Record<string, string>>, leading?: Readonly<Record<string, string>>): Buffer {
    const cacheable = Object.isFrozen(headers) && (leading === undefined || Object.isFrozen(leading));
    if (cacheable) {
      const cached = this.cache.get(headers);
      if (cached !== undefined && cached.epoch === this.epoch && cached.leading === leading) {
        return cached.block;
      }
    }
    const epochBefore = this.epoch;
    this.blockStart = this.at;
    if (this.finalPendingSize !== -1) this.writeSizeUpdates();
    if (leading !== undefined) {
      for (const name in leading) this.writeField(name, leading[name] as string);
    }
    for (const name in headers) this.writeField(name, headers[name] as string);
    const block = this.out.subarray(this.blockStart, this.at);
    // A block that changed the table would change it again if resent: only table-neutral
    // blocks are reusable (after warm-up, the second encoding of a template is one). The cache
    // keeps its own exact-size copy so it does not pin a whole slab.
    if (cacheable && this.epoch === epochBefore) {
      const copy = Buffer.allocUnsafeSlow(block.length);
      block.copy(copy);
      this.cache.set(headers, { leading, epoch: this.epoch, block: copy });
      return copy;
    }
    return block;
  }

  private writeSizeUpdates(): void {
    this.reserve(12);
    if (this.smallestPendingSize < this.finalPendingSize)
      this.writeInteger(this.smallestPendingSize, 5, 0x20);
    this.writeInteger(this.finalPendingSize, 5, 0x20);
    this.smallestPendingSize = -1;
    this.finalPendingSize = -1;
    // The peer's table changes when it reads this block: a resend would not be neutral.
    this.epoch++;
  }

  private writeField(name: string, value: string): void {
    // Prefix octets (at most 1 + 5 + 5 + 5) plus both strings; Huffman is only used when shorter.
    this.reserve(16 + name.length + value.length);
    const policy = NAME_POLICIES.get(name) ?? UNLISTED_NAME;
    const staticIndex = policy.staticValues?.get(value);
    if (staticIndex !== undefined) {
      this.writeInteger(staticIndex, 7, 0x80);
      return;
    }
    const table = this.table;
    if (policy.indexed) {
      const dynamicIndex = table.fieldIndex(name, value);
      if (dynamicIndex !== 0) {
        this.writeInteger(dynamicIndex, 7, 0x80);
        return;
      }
      // A field taking over half the table would flush everything else out of it; send such a
      // (rare, e.g. huge :path) field as a plain literal instead.
      if (entrySize(name, value) <= table.maxBytes >>> 1) {
        const nameIndex = policy.staticName !== 0 ? policy.staticName : table.nameIndex(name);
        this.writeLiteral(name, value, nameIndex, 6, 0x40);
        table.add(name, value);
        this.epoch++;
        return;
      }
    }
    // Only indexed names ever enter our dynamic table, so others can only have a static name index.
    const nameIndex = policy.staticName !== 0 || !policy.indexed ? policy.staticName : table.nameIndex(name);
    this.writeLiteral(name, value, nameIndex, 4, policy.neverIndexed ? 0x10 : 0x00);
  }

  /**
   * A literal representation (`pattern` 0x40 with indexing, 0x00 without, 0x10 never indexed):
   * name by index when a table has it (`nameIndex` not 0), else as a string; then the value.
   */
  private writeLiteral(
    name: string,
    value: string,
    nameIndex: number,
    prefixBits: number,
    pattern: number,
  ): void {
    const huffman = pattern === 0x40;
    this.writeInteger(nameIndex, prefixBits, pattern);
    if (nameIndex === 0) this.writeString(name, huffman);
    this.writeString(value, huffman);
  }

  private writeString(text: string, huffman: boolean): void {
    if (huffman && text.length > 0) {
      const huffmanLength = huffmanEncodedLength(text);
      if (huffmanLength < text.length) {
        this.writeInteger(huffmanLength, 7, 0x80);
        this.at = huffmanEncode(text, this.out, this.at);
        return;
      }
    }
    this.writeInteger(text.length, 7, 0x00);
    if (text.length > SHORT_STRING) {
      this.at += this.out.latin1Write(text, this.at, text.length);
      return;
    }
    // Short strings: a JS loop beats the native call's fixed cost (bench/hpack-micro.ts).
    const out = this.out;
    let at = this.at;
    for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
    this.at = at;
  }

  /** §5.1 integer: `value` on an N-bit prefix of an octet whose other bits are `pattern`. */
  private writeInteger(value: number, prefixBits: number, pattern: number): void {
    const out = this.out;
    const max = (1 << prefixBits) - 1;
    if (value < max) {
      out[this.at++] = pattern | value;
      return;
    }
    out[this.at++] = pattern | max;
    let rest = value - max;
    while (rest >= 0x80) {
      out[this.at++] = (rest & 0x7f) | 0x80;
      rest = Math.floor(rest / 128);
    }
    out[this.at++] = rest;
  }

  /** Makes room for `octets` more output octets, moving the block so far to a new slab if needed. */
  private reserve(octets: number): void {
    if (this.at + octets <= this.out.length) return;
    const written = this.at - this.blockStart;
    const slab = allocLatin1Buffer(Math.max(SLAB_BYTES, (written + octets) * 2));
    this.out.copy(slab, 0, this.blockStart, this.at);
    this.out = slab;
    this.blockStart = 0;
    this.at = written;
  }
}
