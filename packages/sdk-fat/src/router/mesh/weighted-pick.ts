/**
 * Picks an index with probability exactly weight/Σweights (governance.md §11.2; Java's
 * `target -= w; if (target <= 0)` gives the first entry one extra unit, §10.3). Entries of weight 0
 * are never picked; returns -1 when every weight is 0. Draws no random number for a single entry,
 * so routes with one destination consume nothing from the injected random source.
 */
export function pickWeighted(weights: readonly number[], random: () => number): number {
  let total = 0;
  for (const weight of weights) total += weight;
  if (total <= 0) return -1;
  if (weights.length === 1) return 0;
  // random() ∈ [0, 1), so offset ∈ [0, total): the first running sum above it owns the offset.
  const offset = random() * total;
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i]!;
    if (offset < sum) return i;
  }
  // Floating-point rounding can leave offset == total; the last positive entry owns it.
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
  return -1;
}
