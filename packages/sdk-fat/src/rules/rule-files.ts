import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseRuleDocuments, type RuleDocument } from './rule-document.js';
import { RuleError } from './rule-error.js';

/**
 * Reads `--rules <file|dir>` (cli.md "Rules files"): a file of one or more YAML documents, or every
 * `*.yaml` / `*.yml` in a directory, in name order so the result does not depend on the file system.
 */
export function readRuleFiles(path: string): RuleDocument[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (err) {
    throw new RuleError(`cannot read rules: ${(err as Error).message}`, { file: path }, { cause: err });
  }
  const files = isDirectory
    ? readdirSync(path)
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => join(path, name))
    : [path];
  return files.flatMap((file) => parseRuleDocuments(readFileSync(file, 'utf8'), file));
}
