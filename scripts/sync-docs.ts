/**
 * Rewrites the generated parts of the docs: the configuration reference (from the option interfaces'
 * TSDoc), the help block of docs/cli.md (from the command's own help text), and the README's code
 * blocks marked `<!-- snippet: file#region -->` (from the runnable examples). test/docs fails when
 * the committed docs differ from what this writes.
 *
 *   pnpm docs:sync
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HELP_TEXT } from '../packages/cli/src/help-text.js';
import { renderConfigurationReference } from './config-reference.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CONFIGURATION_MD = join(ROOT, 'docs', 'configuration.md');
export const CLI_MD = join(ROOT, 'docs', 'cli.md');

const HELP_BLOCK = /<!-- help:begin -->[\s\S]*<!-- help:end -->/;

/** docs/cli.md with its help block replaced by the current `dubbo-mesh --help` text. */
export function renderCliDoc(current: string): string {
  if (!HELP_BLOCK.test(current))
    throw new Error('docs/cli.md has no <!-- help:begin --> … <!-- help:end --> block');
  return current.replace(
    HELP_BLOCK,
    `<!-- help:begin -->\n\`\`\`text\n${HELP_TEXT.trimEnd()}\n\`\`\`\n<!-- help:end -->`,
  );
}

const SNIPPET_BLOCK = /^<!-- snippet: (\S+)#(\S+) -->\n```ts\n[\s\S]*?\n```$/gm;

/** The text of `// #region name` … `// #endregion name` in `file`, dedented by the marker's indentation. */
export function sourceRegion(file: string, name: string): string {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const begin = lines.findIndex((line) => line.trim() === `// #region ${name}`);
  const end = lines.findIndex((line) => line.trim() === `// #endregion ${name}`);
  if (begin < 0 || end < begin) throw new Error(`${file} has no region ${name}`);
  const indent = (lines[begin] ?? '').length - (lines[begin] ?? '').trimStart().length;
  return lines
    .slice(begin + 1, end)
    .map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)))
    .join('\n');
}

/** A Markdown page with every `<!-- snippet: file#region -->` block replaced by that region's code. */
export function renderSnippets(markdown: string): string {
  return markdown.replace(
    SNIPPET_BLOCK,
    (_all, file: string, region: string) =>
      `<!-- snippet: ${file}#${region} -->\n\`\`\`ts\n${sourceRegion(file, region)}\n\`\`\``,
  );
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  writeFileSync(CONFIGURATION_MD, renderConfigurationReference());
  writeFileSync(CLI_MD, renderCliDoc(readFileSync(CLI_MD, 'utf8')));
  const readme = join(ROOT, 'README.md');
  writeFileSync(readme, renderSnippets(readFileSync(readme, 'utf8')));
  process.stdout.write('docs/configuration.md, docs/cli.md and the README snippets are current\n');
}
