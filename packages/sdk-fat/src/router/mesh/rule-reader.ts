import { lineOfKey, type RuleDocument } from '../../rules/rule-document.js';
import { RuleError } from '../../rules/rule-error.js';

/** `a.b`, or `b` at the top. */
export function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** `a[3]`. */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Narrows the `unknown` values of one rule document to typed values, throwing a RuleError that
 * names the file, document, line and key path of the first thing that does not fit (cli.md
 * "Rules files"). The mesh, Istio and TrafficLabel parsers share it so their errors read alike.
 */
export class RuleReader {
  constructor(readonly document: RuleDocument) {}

  error(path: string, problem: string): RuleError {
    const { file, documentIndex } = this.document;
    return new RuleError(problem, { file, documentIndex, line: lineOfKey(this.document, path), key: path });
  }

  record(value: unknown, path: string): Readonly<Record<string, unknown>> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw this.error(path, `expected a mapping, found ${describe(value)}`);
    }
    return value as Record<string, unknown>;
  }

  optionalRecord(value: unknown, path: string): Readonly<Record<string, unknown>> | undefined {
    return value === undefined || value === null ? undefined : this.record(value, path);
  }

  /** A list; absent or null reads as empty. */
  list(value: unknown, path: string): readonly unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw this.error(path, `expected a list, found ${describe(value)}`);
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string' || value === '') {
      throw this.error(path, `expected a non-empty string, found ${describe(value)}`);
    }
    return value;
  }

  optionalString(value: unknown, path: string): string | undefined {
    return value === undefined || value === null ? undefined : this.string(value, path);
  }

  /** A string, number or boolean written as text: labels such as `version: 1` are strings to us. */
  scalarText(value: unknown, path: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw this.error(path, `expected a string, found ${describe(value)}`);
  }

  optionalNumber(value: unknown, path: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw this.error(path, `expected a number, found ${describe(value)}`);
    }
    return value;
  }

  /** A whole number ≥ 0, or undefined when absent. */
  optionalCount(value: unknown, path: string): number | undefined {
    const number = this.optionalNumber(value, path);
    if (number !== undefined && (!Number.isInteger(number) || number < 0)) {
      throw this.error(path, `expected a whole number ≥ 0, found ${number}`);
    }
    return number;
  }

  optionalBoolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean')
      throw this.error(path, `expected true or false, found ${describe(value)}`);
    return value;
  }

  /** A mapping of names to scalar values, as text (labels, source labels). */
  stringMap(value: unknown, path: string): Readonly<Record<string, string>> {
    const record = this.optionalRecord(value, path) ?? {};
    const result: Record<string, string> = {};
    for (const [key, item] of Object.entries(record))
      result[key] = this.scalarText(item, childPath(path, key));
    return result;
  }

  /**
   * Rejects keys outside `allowed`: a misspelt key (the docs' `dubbocontext`, a `weight` inside
   * `destination`) would otherwise be ignored and the rule would route everything somewhere else.
   * `hints` gives a better message for keys known to be misused.
   */
  onlyKeys(
    record: Readonly<Record<string, unknown>>,
    path: string,
    allowed: readonly string[],
    hints: Readonly<Record<string, string>> = {},
  ): void {
    for (const key of Object.keys(record)) {
      if (allowed.includes(key)) continue;
      const hint = hints[key];
      throw this.error(childPath(path, key), hint ?? `unknown key; expected one of ${allowed.join(', ')}`);
    }
  }
}
