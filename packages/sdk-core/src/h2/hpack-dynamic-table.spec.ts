import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entrySize, HpackDynamicTable } from './hpack-dynamic-table.js';

/** The table as an array model: newest first, evicting from the end. */
class ModelTable {
  entries: [string, string][] = [];
  constructor(public maxBytes: number) {}
  get bytes(): number {
    return this.entries.reduce((sum, [name, value]) => sum + entrySize(name, value), 0);
  }
  insert(name: string, value: string): void {
    const size = entrySize(name, value);
    while (this.entries.length > 0 && this.bytes + size > this.maxBytes) this.entries.pop();
    if (size <= this.maxBytes) this.entries.unshift([name, value]);
  }
  resize(maxBytes: number): void {
    this.maxBytes = maxBytes;
    while (this.bytes > maxBytes) this.entries.pop();
  }
}

function contents(table: HpackDynamicTable): [string, string][] {
  const entries: [string, string][] = [];
  for (let i = 0; i < table.length; i++) entries.push([table.name(i), table.value(i)]);
  return entries;
}

describe('HpackDynamicTable', () => {
  it('sizes entries as name + value + 32 octets', () => {
    expect(entrySize(':authority', 'www.example.com')).toBe(57);
  });

  it('empties itself for an entry larger than the maximum, without adding it', () => {
    const table = new HpackDynamicTable(100);
    table.insert('a', 'b');
    table.insert('x', 'y'.repeat(100));
    expect(table.length).toBe(0);
    expect(table.bytes).toBe(0);
    expect(table.insertCount).toBe(1);
  });

  it('behaves like the array model across inserts, resizes and ring growth', () => {
    const op = fc.oneof(
      {
        arbitrary: fc.tuple(fc.constantFrom('a', 'bb', ':path'), fc.string({ maxLength: 40 })),
        weight: 8,
      },
      { arbitrary: fc.integer({ min: 0, max: 4096 }), weight: 1 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4096 }), fc.array(op, { maxLength: 400 }), (max, ops) => {
        const table = new HpackDynamicTable(max);
        const model = new ModelTable(max);
        for (const step of ops) {
          if (typeof step === 'number') {
            table.resize(step);
            model.resize(step);
          } else {
            table.insert(step[0], step[1]);
            model.insert(step[0], step[1]);
          }
          expect(table.bytes).toBe(model.bytes);
          expect(table.maxBytes).toBe(model.maxBytes);
        }
        expect(contents(table)).toEqual(model.entries);
      }),
      { numRuns: 300 },
    );
  });

  it('reports evictions oldest first with their insertion sequence numbers', () => {
    const evictions: [string, number][] = [];
    class Watched extends HpackDynamicTable {
      protected override evicted(name: string, _value: string, sequence: number): void {
        evictions.push([name, sequence]);
      }
    }
    // Each entry is 32 + 1 + 1 = 34 octets; 100 holds two.
    const table = new Watched(100);
    for (const name of ['a', 'b', 'c', 'd']) table.insert(name, 'v');
    expect(evictions).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    table.resize(34);
    expect(evictions.at(-1)).toEqual(['c', 2]);
    expect(contents(table)).toEqual([['d', 'v']]);
    expect(table.insertCount).toBe(4);
  });
});
