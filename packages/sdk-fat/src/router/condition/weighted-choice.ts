/**
 * The index of one item chosen with probability exactly weight/Σweights (governance.md §11.2:
 * no off-by-one, unlike Java's DestinationSet `t -= w; if t <= 0`), or -1 when the weights sum
 * to 0. `random` returns a number in [0, 1), as Math.random does; it is injected so tests are
 * deterministic.
 */
export function chooseWeighted(weights: readonly number[], random: () => number): number {
  let total = 0;
  for (const weight of weights) total += weight;
  if (total <= 0) return -1;
  const offset = random() * total;
  let cumulative = 0;
  let last = -1;
  for (let i = 0; i < weights.length; i++) {
    const weight = weights[i]!;
    if (weight <= 0) continue;
    cumulative += weight;
    last = i;
    if (offset < cumulative) return i;
  }
  // Only reached when random() returned 1 or more (a faulty source): keep to a valid choice.
  return last;
}
