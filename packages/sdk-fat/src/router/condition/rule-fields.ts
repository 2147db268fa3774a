import { type RuleDocument, ruleError } from '../../rules/rule-document.js';

/**
 * Typed reads of a rule document's top-level or nested fields, each failing with a RuleError that
 * names the key (ARCHITECTURE.md "Configuration"). Shared by the condition and tag rule parsers.
 */
export interface RuleFields {
  readonly document: RuleDocument;
  /** The record read, and its key path inside the document (`''` for the top level). */
  readonly record: Readonly<Record<string, unknown>>;
  readonly path: string;
}

/** The fields of `document`'s top level. */
export function documentFields(document: RuleDocument): RuleFields {
  return { document, record: document.value, path: '' };
}

/** The key path of `key` inside `fields`: `conditions[0].from`. */
export function fieldPath(fields: RuleFields, key: string): string {
  return fields.path === '' ? key : `${fields.path}.${key}`;
}

/** A nested mapping, e.g. `tags[0]`, to read with the other functions here. */
export function nestedFields(fields: RuleFields, value: unknown, path: string): RuleFields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw ruleError(fields.document, path, `expected a mapping, got ${describe(value)}`);
  }
  return { document: fields.document, record: value as Record<string, unknown>, path };
}

/**
 * A boolean, also written as the string `true`/`false` (Java reads `Boolean.parseBoolean` of the
 * text, AbstractRouterRule); `fallback` when absent.
 */
export function readBoolean(fields: RuleFields, key: string, fallback: boolean): boolean {
  const value = fields.record[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
    return value.trim().toLowerCase() === 'true';
  throw ruleError(fields.document, fieldPath(fields, key), `expected true or false, got ${describe(value)}`);
}

/** A string (numbers are accepted as their text), or undefined when absent. */
export function readOptionalString(fields: RuleFields, key: string): string | undefined {
  const value = fields.record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw ruleError(fields.document, fieldPath(fields, key), `expected a string, got ${describe(value)}`);
}

/** A non-empty string. */
export function readRequiredString(fields: RuleFields, key: string): string {
  const value = readOptionalString(fields, key)?.trim();
  if (value === undefined || value === '') {
    throw ruleError(fields.document, fieldPath(fields, key), `${key} is required`);
  }
  return value;
}

/** A list, or `[]` when absent. */
export function readList(fields: RuleFields, key: string): readonly unknown[] {
  const value = fields.record[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw ruleError(fields.document, fieldPath(fields, key), `expected a list, got ${describe(value)}`);
  }
  return value;
}

/** Where a document came from, for explanations: `rules.yaml document 2`. */
export function documentSource(document: RuleDocument): string {
  return `${document.file} document ${document.documentIndex}`;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
