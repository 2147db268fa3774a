import type { CodeBlock } from './markdown-blocks.js';

/**
 * Turns the TypeScript blocks of one page into one module, as a reader runs them top to bottom:
 * imports from every block are merged and hoisted, the rest follows in page order. Later blocks may
 * use what earlier blocks declared, so a page's snippets must be consistent with each other.
 */
export function pageModule(blocks: readonly CodeBlock[]): string {
  const named = new Map<string, Set<string>>();
  const body: string[] = [];
  for (const block of blocks) {
    // `import { a, type B } from 'x';` or `import type { B } from 'x';`, possibly over several lines.
    const withoutImports = block.code.replace(
      /^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'([^']+)';?\s*$/gm,
      (_all, typeOnly: string | undefined, names: string, from: string) => {
        const set = named.get(from) ?? new Set<string>();
        for (const raw of names.split(',')) {
          const name = raw.trim();
          if (name !== '') set.add(typeOnly ? `type ${name.replace(/^type\s+/, '')}` : name);
        }
        named.set(from, set);
        return '';
      },
    );
    body.push(`// --- block at line ${block.line}\n${withoutImports}`);
  }
  const imports = [...named].map(([from, names]) => {
    // A name imported both as a value and as a type is imported once, as a value.
    const values = new Set([...names].filter((n) => !n.startsWith('type ')));
    const list = [...names].filter((n) => !(n.startsWith('type ') && values.has(n.slice(5))));
    return `import { ${list.join(', ')} } from '${from}';`;
  });
  return `${imports.join('\n')}\n\n${body.join('\n\n')}\nexport {};\n`;
}
