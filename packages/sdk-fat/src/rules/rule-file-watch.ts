import { type FSWatcher, statSync, watch } from 'node:fs';
import { dirname } from 'node:path';
import type { RuleDocument } from './rule-document.js';
import { readRuleFiles } from './rule-files.js';

/**
 * Watches `--rules <file|dir>` and hands every successful re-read to `apply` (cli.md "Rules files";
 * ARCHITECTURE.md "Configuration": rules are watched and swapped atomically). The directory is
 * watched, not the file, because editors replace files by renaming; events are debounced. A read
 * that fails (broken YAML, an invalid document) goes to `report`, and `apply` is not called, so the
 * previous rules stay in force. `apply` may throw (a document that parses but cannot be built):
 * that is reported the same way.
 */
export function watchRuleFiles(
  path: string,
  apply: (documents: readonly RuleDocument[]) => void,
  report: (error: Error) => void,
  debounceMs = 100,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  const reload = (): void => {
    timer = undefined;
    try {
      apply(readRuleFiles(path));
    } catch (err) {
      report(err instanceof Error ? err : new Error(String(err)));
    }
  };
  let watcher: FSWatcher;
  try {
    const directory = statSync(path).isDirectory() ? path : dirname(path);
    watcher = watch(directory, { persistent: false }, () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(reload, debounceMs);
      timer.unref();
    });
  } catch (err) {
    report(err instanceof Error ? err : new Error(String(err)));
    return () => {};
  }
  watcher.on('error', (err) => report(err));
  return () => {
    if (timer) clearTimeout(timer);
    watcher.close();
  };
}
