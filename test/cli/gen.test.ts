/**
 * `dubbo-mesh gen` (cli.md "gen"): the committed generated modules of examples/codegen are what the
 * command generates now (regenerate them with `pnpm gen:examples`),
 * the output is deterministic and free of `any`, and the built command line behaves as cli.md says.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CliIo, main } from '@dubbo-mesh/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genCommands } from '../../examples/codegen/regenerate.js';
import { assertCliBuilt, jsonLines, runCli, TEST_PROTO } from './run-cli.js';

const COMMITTED = fileURLToPath(new URL('../../examples/codegen/generated', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'dubbo-mesh-gen-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A CliIo that drops stdout and keeps stderr, for in-process runs of `main`. */
function quietIo(): CliIo & { err: string[] } {
  const err: string[] = [];
  return { stdout: { write: () => true }, stderr: { write: (text) => err.push(text) }, isTTY: false, err };
}

/** Every file under `dir`, by its `/`-separated path below `dir`, with its text. */
function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path).split('\\').join('/'), readFileSync(path, 'utf8'));
  }
  return files;
}

async function generateInto(dir: string): Promise<Map<string, string>> {
  for (const argv of genCommands(dir)) {
    const io = quietIo();
    expect(await main(argv, io), io.err.join('')).toBe(0);
  }
  return readTree(dir);
}

describe('the committed generated code', () => {
  it('is exactly what gen generates now (run `pnpm gen:examples` after changing gen)', async () => {
    const fresh = await generateInto(join(scratch, 'fresh'));
    const committed = readTree(COMMITTED);
    expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [path, text] of fresh) expect(committed.get(path), path).toBe(text);
  });

  it('is the same on a second run, whatever the order of the files given', async () => {
    const first = await generateInto(join(scratch, 'first'));
    const dir = join(scratch, 'reversed');
    for (const argv of genCommands(dir)) {
      const files = argv.slice(1, argv.indexOf('--out')).reverse();
      expect(await main(['gen', ...files, '--out', dir], quietIo())).toBe(0);
    }
    expect(readTree(dir)).toEqual(first);
  });

  it('has no `any`, no absolute paths and no timestamps', () => {
    for (const [path, text] of readTree(COMMITTED)) {
      expect(text, path).not.toMatch(/\bany\b/);
      expect(text, path).not.toContain(COMMITTED.split('/examples/')[0]!);
      expect(text, path).not.toMatch(/\b20\d\d-\d\d-\d\d/);
    }
  });
});

describe('dubbo-mesh gen, the built command', () => {
  beforeAll(assertCliBuilt);

  it('writes one module per .proto file and prints the files written', async () => {
    const out = join(scratch, 'cli');
    const run = await runCli(['gen', TEST_PROTO, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([{ files: [join(out, 'test.ts')] }]);
    expect(readFileSync(join(out, 'test.ts'), 'utf8')).toBe(readTree(COMMITTED).get('test.ts'));
  });

  const BAD_SOURCES: Readonly<Record<string, string>> = {
    'broken.proto': 'syntax = "proto3";\npackage x;\nmessage A { string a = 1 }\n',
    'unknown.proto': 'syntax = "proto3";\npackage x;\nmessage A {\n  Nowhere n = 1;\n}\n',
  };

  it.each([
    ['a missing file', 'missing.proto', /missing\.proto: no such file/],
    ['a parse error, by file and line', 'broken.proto', /broken\.proto:3: illegal token/],
    ['an unknown type, by file and line', 'unknown.proto', /unknown\.proto:4: unknown type Nowhere/],
  ])('exits 1 on %s', async (_what, file, pattern) => {
    const source = BAD_SOURCES[file];
    if (source !== undefined) writeFileSync(join(scratch, file), source);
    const run = await runCli(['gen', join(scratch, file), '--out', join(scratch, 'bad')]);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(pattern);
    expect(run.code).toBe(1);
  });

  it('exits 1 without --out or without files', async () => {
    const noOut = await runCli(['gen', TEST_PROTO]);
    expect(noOut.stderr).toMatch(/gen needs --out <dir>/);
    expect(noOut.code).toBe(1);
    const noFiles = await runCli(['gen', '--out', scratch]);
    expect(noFiles.stderr).toMatch(/gen needs at least one \.proto file/);
    expect(noFiles.code).toBe(1);
  });
});
