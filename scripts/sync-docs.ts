/**
 * Rewrites the generated parts of docs/: the configuration reference (from the option interfaces'
 * TSDoc) and the help block of docs/cli.md (from the command's own help text). test/docs/docs.test.ts
 * fails when the committed docs differ from what this writes.
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

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  writeFileSync(CONFIGURATION_MD, renderConfigurationReference());
  writeFileSync(CLI_MD, renderCliDoc(readFileSync(CLI_MD, 'utf8')));
  process.stdout.write('docs/configuration.md and docs/cli.md are current\n');
}
