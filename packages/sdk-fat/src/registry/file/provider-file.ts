import { load } from 'js-yaml';
import type { Provider } from '../../provider/provider.js';
import { parseProviderUrl } from '../../provider/provider-url.js';
import { RuleError } from '../../rules/rule-error.js';

/** The providers a file lists, and the entries left out with their reason. */
export interface ProviderFileContent {
  readonly providers: readonly Provider[];
  readonly skipped: readonly { entry: string; reason: string }[];
}

/**
 * Parses the file registry format (cli.md "File registry format"): a mapping with a `providers`
 * list of decoded Dubbo URLs. A file that is not YAML, or has no such list, throws a RuleError
 * naming the file, line and key; an entry that is not a URL is skipped with its reason, as a
 * garbage ZooKeeper node is.
 */
export function parseProviderFile(text: string, file: string): ProviderFileContent {
  // js-yaml reports an empty input without a position; an editor's save can leave one for a moment.
  if (text.split('\n').every((line) => /^\s*(#.*)?$/.test(line))) {
    throw new RuleError('empty provider file: expected a mapping with a "providers" list', { file, line: 1 });
  }
  let value: unknown;
  try {
    value = load(text);
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason =
      (error as { reason?: string }).reason ?? (error instanceof Error ? error.message : String(error));
    throw new RuleError(
      `invalid YAML: ${reason}`,
      { file, line: mark?.line === undefined ? undefined : mark.line + 1 },
      { cause: error },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RuleError('a provider file must be a mapping with a "providers" list', { file, line: 1 });
  }
  const list = (value as Record<string, unknown>).providers;
  if (!Array.isArray(list)) {
    throw new RuleError('"providers" must be a list of provider URLs', {
      file,
      line: lineOf(text, 'providers'),
      key: 'providers',
    });
  }
  const providers: Provider[] = [];
  const skipped: { entry: string; reason: string }[] = [];
  list.forEach((entry: unknown, index) => {
    const parsed = typeof entry === 'string' ? parseProviderUrl(entry) : 'not a string';
    if (typeof parsed === 'string')
      skipped.push({ entry: `providers[${index}]: ${String(entry)}`, reason: parsed });
    else providers.push(parsed);
  });
  return { providers, skipped };
}

function lineOf(text: string, key: string): number {
  const index = text.split('\n').findIndex((line) => new RegExp(`^\\s*${key}\\s*:`).test(line));
  return index < 0 ? 1 : index + 1;
}
