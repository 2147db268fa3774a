/**
 * Regenerates BENCHMARKS.md and its chart from a results file (the suite calls this after a run):
 *
 *   pnpm exec tsx bench/suite/report/write-benchmarks-md.ts [results.json] [--markdown FILE] [--svg FILE]
 *
 * Defaults: bench/results.json -> BENCHMARKS.md (repository root) and bench/ratios.svg; the notes in
 * bench/benchmark-notes.md, if any, go in as they are.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderBenchmarksMd } from './markdown.js';
import { renderRatiosSvg } from './ratios-svg.js';
import { parseSuiteResults, type SuiteResults } from './suite-results.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Where the report goes by default. */
export const DEFAULT_PATHS = {
  results: resolve(REPO_ROOT, 'bench/results.json'),
  markdown: resolve(REPO_ROOT, 'BENCHMARKS.md'),
  svg: resolve(REPO_ROOT, 'bench/ratios.svg'),
} as const;

/**
 * Hand-written notes on the targets a run missed (by how much, what a profile shows), kept apart from
 * the generated file so a new run does not erase them; included as they are when the file exists.
 */
export const NOTES_PATH = resolve(REPO_ROOT, 'bench/benchmark-notes.md');

/** Writes the Markdown report and the SVG chart it embeds (linked by a path relative to the Markdown). */
export function writeReport(results: SuiteResults, paths: { markdown: string; svg: string }): void {
  const c = results.conditions;
  const caption = `dubbo-mesh benchmark ratios, ${c.date.slice(0, 10)}, ${c.node}, ${c.cores} cores, commit ${c.commit}`;
  mkdirSync(dirname(paths.svg), { recursive: true });
  writeFileSync(paths.svg, renderRatiosSvg(results.scenarios, caption));
  const chartPath = relative(dirname(paths.markdown), paths.svg).split('\\').join('/');
  mkdirSync(dirname(paths.markdown), { recursive: true });
  const notes = existsSync(NOTES_PATH) ? readFileSync(NOTES_PATH, 'utf8') : undefined;
  writeFileSync(paths.markdown, renderBenchmarksMd(results, chartPath, notes));
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { markdown: { type: 'string' }, svg: { type: 'string' } },
  });
  const resultsPath = resolve(positionals[0] ?? DEFAULT_PATHS.results);
  const results = parseSuiteResults(readFileSync(resultsPath, 'utf8'));
  const paths = {
    markdown: resolve(values.markdown ?? DEFAULT_PATHS.markdown),
    svg: resolve(values.svg ?? DEFAULT_PATHS.svg),
  };
  writeReport(results, paths);
  process.stdout.write(`wrote ${paths.markdown} and ${paths.svg} from ${resultsPath}\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
