/**
 * The docs cannot rot: generated pages are current, every YAML rule example parses and builds,
 * every TypeScript snippet of the README and docs/ type-checks against the real packages, and
 * every relative link points at a file that exists.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildRuleSet, parseRuleDocuments } from '@dubbo-mesh/sdk-fat';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { renderConfigurationReference } from '../../scripts/config-reference.js';
import { CLI_MD, CONFIGURATION_MD, renderCliDoc } from '../../scripts/sync-docs.js';
import { codeBlocks, documentationPages, ROOT, readPage, relativeLinks } from './markdown-blocks.js';
import { pageModule } from './page-module.js';

describe('generated docs are current (pnpm docs:sync rewrites them)', () => {
  it('docs/configuration.md matches the option interfaces', () => {
    expect(readFileSync(CONFIGURATION_MD, 'utf8')).toBe(renderConfigurationReference());
  }, 60_000);

  it('docs/cli.md carries the current dubbo-mesh --help', () => {
    const current = readFileSync(CLI_MD, 'utf8');
    expect(current).toBe(renderCliDoc(current));
  });
});

describe('docs/rules.md', () => {
  const yamlBlocks = codeBlocks(readPage('docs/rules.md')).filter((block) => block.lang === 'yaml');

  it('has an example of every rule kind', () => {
    const kinds = new Set(
      yamlBlocks.flatMap((block) =>
        parseRuleDocuments(block.code, `rules.md:${block.line}`).map((d) => d.kind),
      ),
    );
    expect([...kinds].sort()).toEqual([
      'condition',
      'configurator',
      'dubbo-destination-rule',
      'dubbo-virtual-service',
      'istio-destination-rule',
      'istio-virtual-service',
      'tag',
      'traffic-label',
    ]);
  });

  it.each(yamlBlocks.map((block) => [block.line, block] as const))(
    'example at line %i builds into rules',
    (_line, block) => {
      const documents = parseRuleDocuments(block.code, `docs/rules.md:${block.line}`);
      const rules = buildRuleSet(documents, {
        random: () => 0.5,
        lanes: { header: 'x-asm-prefer-tag', labelParam: 'ASM_TRAFFIC_TAG', mode: 'permissive' },
      });
      expect(rules.documents).toHaveLength(documents.length);
    },
  );
});

describe('TypeScript snippets of the README and docs/ type-check', () => {
  it('every page compiles as one module against the real packages', () => {
    const outDir = join(ROOT, 'test', 'docs', '.tmp');
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    const files: string[] = [];
    for (const page of documentationPages()) {
      // Snippets of runnable examples are checked by running the example instead (readme-snippets.test.ts).
      const blocks = codeBlocks(readPage(page)).filter(
        (block) => block.lang === 'ts' && block.snippetOf === undefined,
      );
      if (blocks.length === 0) continue;
      const file = join(outDir, `${page.replace(/[/.]/g, '_')}.ts`);
      writeFileSync(file, pageModule(blocks));
      files.push(file);
    }
    const config = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, 'test', 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
        },
      },
    );
    if (config === undefined) throw new Error('cannot read test/tsconfig.json');
    const declarations = config.fileNames.filter((name) => name.endsWith('.d.ts'));
    // Snippets show values a reader goes on to use; unused locals are not errors there.
    const options = { ...config.options, noUnusedLocals: false, noUnusedParameters: false };
    const program = ts.createProgram([...files, ...declarations], options);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file !== undefined && files.includes(diagnostic.file.fileName))
      .map((diagnostic) => {
        const file = diagnostic.file as ts.SourceFile;
        const { line } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        const text = file.text.split('\n');
        // Point at the page's block: the nearest "// --- block at line N" marker above the error.
        const marker = text
          .slice(0, line + 1)
          .reverse()
          .find((l) => l.startsWith('// --- block at line'));
        return `${file.fileName.split('/').pop()} (${marker ?? 'imports'}): ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
  }, 120_000);
});

describe('links', () => {
  it.each(documentationPages().map((page) => [page] as const))('relative links of %s resolve', (page) => {
    const missing = relativeLinks(readPage(page)).filter(
      (target) => !target.startsWith('../shared/') && !existsSync(join(ROOT, dirname(page), target)),
    );
    expect(missing).toEqual([]);
  });
});
