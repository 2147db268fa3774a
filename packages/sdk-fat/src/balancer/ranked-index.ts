import { uniformIndex, type WeightTable } from './weight-table.js';

/** Providers (by index in their set) that share one rank, with their total weight. */
interface Bucket {
  readonly members: number[];
  weight: number;
}

/** Rejection-sampling tries before the exact linear pick (reached only with very uneven weights). */
const WEIGHTED_TRIES = 32;

/**
 * The providers of one set grouped by a rank (calls in flight, estimated response time), so that
 * "the lowest-ranked providers, then a weighted random one among them" (Java `LeastActiveLoadBalance`,
 * `ShortestResponseLoadBalance`) costs O(log ranks) per change and O(1) expected per pick instead of a
 * scan of every provider. Ranks are kept in a min-heap with lazy deletion.
 */
export class RankedIndex {
  private readonly ranks: Float64Array;
  private readonly positions: Int32Array;
  private readonly buckets = new Map<number, Bucket>();
  private heap: number[] = [];

  constructor(
    private readonly table: WeightTable,
    rankOf: (index: number) => number,
  ) {
    const n = table.weights.length;
    this.ranks = new Float64Array(n);
    this.positions = new Int32Array(n);
    for (let i = 0; i < n; i++) this.add(i, rankOf(i));
  }

  rankOf(index: number): number {
    return this.ranks[index]!;
  }

  /** Moves provider `index` to `rank`. */
  setRank(index: number, rank: number): void {
    if (this.ranks[index] === rank) return;
    this.remove(index);
    this.add(index, rank);
  }

  /** A provider of the lowest rank: the only one, else weighted random among them (uniform when equal). */
  pick(random: () => number): number {
    const { members, weight } = this.lowest();
    if (members.length === 1) return members[0]!;
    const { weights, sameWeight, maxWeight } = this.table;
    if (sameWeight || weight <= 0) return members[uniformIndex(random(), members.length)]!;
    // Rejection sampling is exact: a candidate drawn uniformly is kept with probability w/max.
    for (let tries = 0; tries < WEIGHTED_TRIES; tries++) {
      const candidate = members[uniformIndex(random(), members.length)]!;
      if (random() * maxWeight < weights[candidate]!) return candidate;
    }
    let offset = Math.floor(random() * weight);
    for (const member of members) {
      offset -= weights[member]!;
      if (offset < 0) return member;
    }
    return members[members.length - 1]!;
  }

  private lowest(): Bucket {
    if (this.heap.length > 2 * this.buckets.size + 32) {
      this.heap = [...this.buckets.keys()].sort((a, b) => a - b); // a sorted array is a valid heap
    }
    for (;;) {
      const bucket = this.buckets.get(this.heap[0]!);
      if (bucket) return bucket;
      popHeap(this.heap);
    }
  }

  private add(index: number, rank: number): void {
    this.ranks[index] = rank;
    let bucket = this.buckets.get(rank);
    if (!bucket) {
      bucket = { members: [], weight: 0 };
      this.buckets.set(rank, bucket);
      pushHeap(this.heap, rank);
    }
    this.positions[index] = bucket.members.length;
    bucket.members.push(index);
    bucket.weight += this.table.weights[index]!;
  }

  private remove(index: number): void {
    const rank = this.ranks[index]!;
    const bucket = this.buckets.get(rank)!;
    const position = this.positions[index]!;
    const last = bucket.members.pop()!;
    if (last !== index) {
      bucket.members[position] = last;
      this.positions[last] = position;
    }
    bucket.weight -= this.table.weights[index]!;
    if (bucket.members.length === 0) this.buckets.delete(rank);
  }
}

function pushHeap(heap: number[], value: number): void {
  heap.push(value);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]! <= value) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = value;
}

function popHeap(heap: number[]): void {
  const last = heap.pop()!;
  if (heap.length === 0) return;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= heap.length) break;
    const child = left + 1 < heap.length && heap[left + 1]! < heap[left]! ? left + 1 : left;
    if (heap[child]! >= last) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = last;
}
