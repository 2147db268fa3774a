/**
 * README and docs code marked `<!-- snippet: file#region -->` is a region of a runnable example,
 * character for character; the example itself is run by its own test, so these snippets are
 * executed, not just shown.
 */
import { describe, expect, it } from 'vitest';
import { sourceRegion } from '../../scripts/sync-docs.js';
import { codeBlocks, documentationPages, readPage } from './markdown-blocks.js';

const marked = documentationPages().flatMap((page) =>
  codeBlocks(readPage(page))
    .filter((block) => block.snippetOf !== undefined)
    .map((block) => ({ page, block })),
);

describe('snippets are regions of runnable examples', () => {
  it('the README has snippets of examples/readme/main.ts', () => {
    expect(marked.filter(({ page }) => page === 'README.md').length).toBeGreaterThanOrEqual(4);
  });

  it.each(marked.map(({ page, block }) => [`${page}:${block.line}`, block] as const))(
    '%s equals its region',
    (_where, block) => {
      const [file, region] = (block.snippetOf ?? '').split('#');
      expect(block.code).toBe(sourceRegion(file ?? '', region ?? ''));
    },
  );
});
