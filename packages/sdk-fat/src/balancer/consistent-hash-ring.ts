import { createHash } from 'node:crypto';

/** Java's `hash.nodes` default: virtual nodes per provider (governance.md §5). */
export const DEFAULT_HASH_NODES = 160;

function md5(text: string): Buffer {
  return createHash('md5').update(text, 'utf8').digest();
}

/**
 * The four ring points of one md5 digest: point h is the little-endian uint32 of bytes 4h..4h+3
 * (Java `ConsistentHashSelector.hash`, governance.md §5).
 */
export function digestPoints(text: string): [number, number, number, number] {
  const digest = md5(text);
  return [digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12)];
}

/** Where a request key lands: point 0 of md5(key). */
export function keyPoint(key: string): number {
  return md5(key).readUInt32LE(0);
}

/**
 * A provider's points in Java's insertion order: for i < ⌊nodes/4⌋, the four points of
 * md5(`host:port` + i).
 */
export function providerPoints(address: string, nodes: number): number[] {
  const points: number[] = [];
  for (let i = 0; i < Math.floor(nodes / 4); i++) points.push(...digestPoints(`${address}${i}`));
  return points;
}

/**
 * Java's consistent-hash ring as a sorted array: `points[k]` belongs to provider `owners[k]` (its
 * index in the set). Built once per provider set and `hash.nodes`; a lookup is a binary search.
 * Where two providers share a point, the one inserted later owns it, as with Java's `TreeMap.put`.
 */
export class ConsistentHashRing {
  private constructor(
    readonly points: Uint32Array,
    readonly owners: Int32Array,
  ) {}

  /** `nodes` below 4 would give an empty ring (Java fails on it); 4 is used instead. */
  static build(addresses: readonly string[], nodes: number): ConsistentHashRing {
    const replicas = Math.max(4, nodes);
    const perProvider = Math.floor(replicas / 4) * 4;
    const count = addresses.length * perProvider;
    const points = new Float64Array(count);
    addresses.forEach((address, owner) => {
      providerPoints(address, replicas).forEach((point, k) => {
        points[owner * perProvider + k] = point;
      });
    });
    // Sort by point, then insertion order; of equal points keep the last inserted.
    const order = Array.from({ length: count }, (_, k) => k).sort((a, b) => points[a]! - points[b]! || a - b);
    const keptPoints: number[] = [];
    const keptOwners: number[] = [];
    for (const k of order) {
      const owner = Math.floor(k / perProvider);
      if (keptPoints.length > 0 && keptPoints[keptPoints.length - 1] === points[k]) {
        keptOwners[keptOwners.length - 1] = owner;
      } else {
        keptPoints.push(points[k]!);
        keptOwners.push(owner);
      }
    }
    return new ConsistentHashRing(Uint32Array.from(keptPoints), Int32Array.from(keptOwners));
  }

  /** The owner of the first point ≥ `point`, wrapping to the first point (Java `ceilingEntry`). */
  locate(point: number): number {
    const { points } = this;
    let low = 0;
    let high = points.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (points[mid]! < point) low = mid + 1;
      else high = mid;
    }
    return this.owners[low === points.length ? 0 : low]!;
  }
}

/**
 * Parses `hash.arguments` (default `0`): comma-separated argument indexes, spaces around commas
 * allowed (Java splits on `\s*[,]+\s*`). Entries that are not integers are ignored where Java throws.
 */
export function parseHashArguments(text: string | undefined): number[] {
  if (text === undefined) return [0];
  return text
    .split(/\s*,+\s*/)
    .map((part) => part.trim())
    .filter((part) => /^[-+]?\d+$/.test(part))
    .map((part) => Number.parseInt(part, 10));
}

/**
 * The request key: `String(args[i])` concatenated over the selected indexes, skipping indexes out of
 * range (Java `toKey`). `null` gives "null" as in Java; objects give JavaScript's `String()`, which
 * differs from a Java `toString()`, so hash on strings and numbers to stay compatible.
 */
export function hashKey(args: readonly unknown[] | undefined, indexes: readonly number[]): string {
  let key = '';
  if (!args) return key;
  for (const i of indexes) if (i >= 0 && i < args.length) key += String(args[i]);
  return key;
}
