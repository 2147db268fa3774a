/**
 * Fat routing + balancing decision time at 10, 1,000 and 10,000 providers with 20 rules, as a table.
 * The measurement is the suite's `fat` scenario (bench/suite/scenarios/fat-decision.ts).
 *
 * Run: pnpm bench:fat
 */
import { FAT_PROVIDER_COUNTS, measureFatDecision } from './suite/scenarios/fat-decision.js';

const DECISIONS = 200_000;
const ROUNDS = 3;

const ns = measureFatDecision({
  decisions: DECISIONS,
  rounds: ROUNDS,
  progress: (line) => process.stderr.write(`${line}...\n`),
});
const base = ns.get(FAT_PROVIDER_COUNTS[0])!;
console.log(
  `Fat decision time (route through 20 rules + random balancer), Node ${process.version}, ${DECISIONS} decisions x ${ROUNDS} rounds, medians`,
);
console.log('| providers | ns per decision | ratio to 10 providers |');
console.log('|---:|---:|---:|');
for (const size of FAT_PROVIDER_COUNTS) {
  const value = ns.get(size)!;
  console.log(`| ${size} | ${value.toFixed(0)} | ${(value / base).toFixed(2)} |`);
}
