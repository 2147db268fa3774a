/**
 * The HPACK dynamic table (RFC 7541 §2.3.2, §4): a FIFO of fields, newest first, bounded in size
 * where an entry's size is name octets + value octets + 32. Names and values are latin1 strings, so
 * `length` is the octet count.
 *
 * Stored as a ring of parallel arrays so an insertion allocates nothing and a lookup by relative
 * index (0 = newest) is two array loads, returning the very strings that were inserted.
 */

/** RFC 7541 §4.1: every entry costs 32 octets on top of its name and value. */
export const ENTRY_OVERHEAD = 32;

/** Size of one entry by the RFC's rule. */
export function entrySize(name: string, value: string): number {
  return name.length + value.length + ENTRY_OVERHEAD;
}

export class HpackDynamicTable {
  private names: string[];
  private values: string[];
  /** Ring capacity - 1 (capacity is a power of two). */
  private mask: number;
  /** Slot of the newest entry. */
  private newest = -1;
  private count = 0;
  private octets = 0;
  private limit: number;
  /** Entries ever added (an oversized field is never added); the newest has sequence inserted - 1. */
  private inserted = 0;

  constructor(maxBytes: number) {
    this.limit = maxBytes;
    // Enough slots for the common 4096-octet table of small entries; grows when needed.
    this.names = new Array<string>(16).fill('');
    this.values = new Array<string>(16).fill('');
    this.mask = 15;
  }

  /** Entries in the table. */
  get length(): number {
    return this.count;
  }

  /** Current size by the RFC's rule. */
  get bytes(): number {
    return this.octets;
  }

  /** Current maximum size. */
  get maxBytes(): number {
    return this.limit;
  }

  /**
   * Entries ever added: the newest entry's sequence number is insertCount - 1, and the entry with
   * sequence number s is at relative index insertCount - 1 - s while it is still in the table.
   */
  get insertCount(): number {
    return this.inserted;
  }

  /** Name of the entry at `relative` (0 = newest); the caller checks `relative < length`. */
  name(relative: number): string {
    return this.names[(this.newest - relative) & this.mask] as string;
  }

  /** Value of the entry at `relative` (0 = newest); the caller checks `relative < length`. */
  value(relative: number): string {
    return this.values[(this.newest - relative) & this.mask] as string;
  }

  /**
   * Adds a field as the newest entry, first evicting the oldest entries until it fits. An entry
   * larger than the maximum empties the table and is not added (RFC 7541 §4.4).
   */
  insert(name: string, value: string): void {
    const size = entrySize(name, value);
    if (size > this.limit) {
      this.evictDownTo(0);
      return;
    }
    this.evictDownTo(this.limit - size);
    if (this.count > this.mask) this.grow();
    this.newest = (this.newest + 1) & this.mask;
    this.names[this.newest] = name;
    this.values[this.newest] = value;
    this.count++;
    this.inserted++;
    this.octets += size;
  }

  /** A dynamic table size update: sets the maximum and evicts down to it (RFC 7541 §4.3). */
  resize(maxBytes: number): void {
    this.limit = maxBytes;
    this.evictDownTo(maxBytes);
  }

  /** Called for each evicted entry, oldest first; `sequence` is its insertion number. */
  protected evicted(_name: string, _value: string, _sequence: number): void {}

  private evictDownTo(target: number): void {
    while (this.octets > target) {
      const slot = (this.newest - this.count + 1) & this.mask;
      const name = this.names[slot] as string;
      const value = this.values[slot] as string;
      const sequence = this.inserted - this.count;
      this.octets -= entrySize(name, value);
      this.count--;
      // Drop the references so evicted strings can be collected.
      this.names[slot] = '';
      this.values[slot] = '';
      this.evicted(name, value, sequence);
    }
  }

  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    const names = new Array<string>(capacity).fill('');
    const values = new Array<string>(capacity).fill('');
    // Copy oldest..newest to slots 0..count-1.
    for (let i = 0; i < this.count; i++) {
      const slot = (this.newest - this.count + 1 + i) & this.mask;
      names[i] = this.names[slot] as string;
      values[i] = this.values[slot] as string;
    }
    this.names = names;
    this.values = values;
    this.mask = capacity - 1;
    this.newest = this.count - 1;
  }
}
