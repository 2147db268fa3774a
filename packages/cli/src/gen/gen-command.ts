import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CliIo, ExitCode, writeJsonLine } from '../output.js';
import { UsageError } from '../usage-error.js';
import { generateModules } from './generate-modules.js';

/**
 * `dubbo-mesh gen <file.proto ...> --out <dir>` (cli.md "gen"): writes one TypeScript module per .proto
 * file (and per file they import) under `dir`, then prints `{"files":[...]}`, the paths written, as one
 * JSON line. A file whose text is already what would be written is left untouched, so watchers and
 * build caches see no change. Bad input is a `UsageError` (exit 1) naming the file and line.
 */
export async function runGen(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: { values: { out?: string | undefined }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { out: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`gen: ${message} (usage: dubbo-mesh gen <file.proto ...> --out <dir>)`, {
      cause: error,
    });
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('gen needs at least one .proto file');
  const notProto = positionals.find((file) => !file.endsWith('.proto'));
  if (notProto !== undefined) throw new UsageError(`gen: ${notProto} is not a .proto file`);
  if (values.out === undefined || values.out === '') {
    throw new UsageError('gen needs --out <dir>: the directory to write the generated modules to');
  }
  const out = values.out;
  const modules = generateModules(positionals);
  const written: string[] = [];
  for (const module of modules) {
    const target = join(out, ...module.path.split('/'));
    if (readIfExists(target) !== module.text) {
      try {
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, module.text);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new UsageError(`--out ${out}: cannot write ${target}: ${message}`, { cause: error });
      }
    }
    written.push(target);
  }
  writeJsonLine(io.stdout, { files: written });
  return ExitCode.Ok;
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
