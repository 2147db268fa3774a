import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The user-facing Markdown pages whose code must stay true: the README and every docs/ page. */
export function documentationPages(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join('docs', name));
  return ['README.md', ...docs];
}

/** A fenced code block: its language tag, text, and the 1-based line of its opening fence. */
export interface CodeBlock {
  readonly lang: string;
  readonly code: string;
  readonly line: number;
  /** `file#region` from a `<!-- snippet: file#region -->` line right above the fence, if any. */
  readonly snippetOf: string | undefined;
}

/** The fenced code blocks of a Markdown text, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i++) body.push(lines[i] ?? '');
    const marker = /^<!-- snippet: (\S+) -->$/.exec(lines[start - 1] ?? '');
    blocks.push({ lang: open[1] ?? '', code: body.join('\n'), line: start + 1, snippetOf: marker?.[1] });
  }
  return blocks;
}

/** Relative link targets of a Markdown text (no scheme, no pure #anchors), without their #anchor. */
export function relativeLinks(markdown: string): string[] {
  const targets: string[] = [];
  for (const match of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = match[1] ?? '';
    if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
    targets.push(target.split('#')[0] ?? target);
  }
  return targets;
}

export function readPage(page: string): string {
  return readFileSync(join(ROOT, page), 'utf8');
}
