import { type RuleDocument, ruleError } from '../../rules/rule-document.js';
import { type ConditionExpression, parseConditionExpression } from './condition-expression.js';
import type {
  ConditionClause,
  ConditionDestination,
  ConditionRule,
  ConditionScope,
  MultiDestinationClause,
} from './condition-rule.js';
import {
  documentFields,
  documentSource,
  nestedFields,
  type RuleFields,
  readBoolean,
  readList,
  readOptionalString,
  readRequiredString,
} from './rule-fields.js';
import type { ConditionSide } from './value-pattern.js';

const DEFAULT_DESTINATION_WEIGHT = 100;

/** An empty when side (always) or `to` match (every provider). */
const EMPTY_EXPRESSION: ConditionExpression = Object.freeze({ conditions: [], consumerParams: [] });

/**
 * Parses a `condition` rule document (governance.md §3.3 v3.0, §3.4 v3.1). Throws a RuleError
 * naming the key for anything unusable; returns warnings for rules that parse but will probably
 * not do what was meant (an old-form service key, governance.md §11.5).
 */
export function parseConditionRule(document: RuleDocument): { rule: ConditionRule; warnings: string[] } {
  if (document.kind !== 'condition') {
    throw ruleError(
      document,
      'conditions',
      `not a condition rule (this document is a ${document.kind} rule)`,
    );
  }
  const fields = documentFields(document);
  const configVersion = parseConfigVersion(fields);
  const scope = readRequiredString(fields, 'scope');
  if (scope !== 'service' && scope !== 'application') {
    throw ruleError(document, 'scope', `scope must be service or application, got ${JSON.stringify(scope)}`);
  }
  const warnings: string[] = [];
  const key = scope === 'service' ? serviceKey(fields, warnings) : readRequiredString(fields, 'key');
  const base = {
    scope: scope as ConditionScope,
    key,
    enabled: readBoolean(fields, 'enabled', true),
    force: readBoolean(fields, 'force', false),
    runtime: readBoolean(fields, 'runtime', true),
    source: documentSource(document),
  };
  const entries = readList(fields, 'conditions');
  if (entries.length === 0)
    throw ruleError(document, 'conditions', 'conditions must list at least one condition');
  if (configVersion === 'v3.1') {
    const conditions = entries.map((entry, i) => parseMultiDestination(fields, entry, `conditions[${i}]`));
    return { rule: { ...base, configVersion, conditions }, warnings };
  }
  const conditions = entries.map((entry, i) => parseClause(fields, entry, `conditions[${i}]`));
  return { rule: { ...base, configVersion, conditions }, warnings };
}

/** Absent → v3.0; v3.1.x → v3.1; anything newer is rejected, as Java's ConditionRuleParser does. */
function parseConfigVersion(fields: RuleFields): 'v3.0' | 'v3.1' {
  const text = readOptionalString(fields, 'configVersion')?.trim();
  if (text === undefined) return 'v3.0';
  const match = /^v(\d+)(?:\.(\d+))?(?:\.\d+)*$/i.exec(text);
  if (!match)
    throw ruleError(fields.document, 'configVersion', `expected v3.0 or v3.1, got ${JSON.stringify(text)}`);
  const major = Number(match[1]);
  const minor = Number(match[2] ?? 0);
  if (major > 3 || (major === 3 && minor > 1)) {
    throw ruleError(
      fields.document,
      'configVersion',
      `configVersion ${text} is newer than supported (v3.0, v3.1)`,
    );
  }
  return major === 3 && minor === 1 ? 'v3.1' : 'v3.0';
}

/**
 * `iface:version:group` with empty parts kept (governance.md §3.1); a bare interface or
 * `iface:version` is completed with empty parts. A key in the old `group/iface:version` or
 * `group:iface:version` form is kept as written, so it matches nothing, as in Java 3.x, and warned about.
 */
function serviceKey(fields: RuleFields, warnings: string[]): string {
  const key = readRequiredString(fields, 'key');
  const parts = key.split(':');
  const oldForm =
    key.includes('/') || (parts.length === 3 && !parts[0]!.includes('.') && /^[^\d].*\./.test(parts[1]!));
  if (oldForm) {
    warnings.push(
      `${documentSource(fields.document)}: service key ${JSON.stringify(key)} looks like the old ` +
        '[group/]interface[:version] form; Dubbo 3 keys are interface:version:group, so this rule ' +
        'matches no service (governance.md §11.5)',
    );
    return key;
  }
  if (parts.length > 3) {
    throw ruleError(
      fields.document,
      'key',
      `service key ${JSON.stringify(key)} is not interface:version:group`,
    );
  }
  while (parts.length < 3) parts.push('');
  return parts.join(':');
}

function parseClause(fields: RuleFields, entry: unknown, path: string): ConditionClause {
  if (typeof entry !== 'string') {
    const hint =
      typeof entry === 'object' && entry !== null ? ' (from/to entries need configVersion: v3.1)' : '';
    throw ruleError(fields.document, path, `expected a condition string "when => then"${hint}`);
  }
  const text = entry.trim();
  if (text === '') throw ruleError(fields.document, path, 'empty condition');
  const arrow = text.indexOf('=>');
  const whenText = arrow < 0 ? '' : text.slice(0, arrow).trim();
  const thenText = arrow < 0 ? text : text.slice(arrow + 2).trim();
  return {
    text,
    whenSide:
      whenText === '' || whenText === 'true' ? EMPTY_EXPRESSION : expression(fields, whenText, 'when', path),
    thenSide:
      thenText === '' || thenText === 'false' ? undefined : expression(fields, thenText, 'then', path),
  };
}

function parseMultiDestination(fields: RuleFields, entry: unknown, path: string): MultiDestinationClause {
  if (typeof entry === 'string') {
    throw ruleError(
      fields.document,
      path,
      'configVersion v3.1 expects {from: {match}, to: [{match, weight}]}',
    );
  }
  const clause = nestedFields(fields, entry, path);
  const from =
    clause.record.from === undefined ? undefined : nestedFields(clause, clause.record.from, `${path}.from`);
  const whenText = (from === undefined ? undefined : readOptionalString(from, 'match'))?.trim() ?? '';
  const to = readList(clause, 'to').map((item, i): ConditionDestination => {
    const destination = nestedFields(clause, item, `${path}.to[${i}]`);
    const matchText = readOptionalString(destination, 'match')?.trim() ?? '';
    // Java's MultiDestConditionRouter: an empty or `false` match selects every provider.
    const match =
      matchText === '' || matchText === 'false'
        ? EMPTY_EXPRESSION
        : expression(fields, matchText, 'then', `${destination.path}.match`);
    return { text: matchText, match, weight: readWeight(destination) };
  });
  return {
    text: whenText,
    whenSide:
      whenText === '' || whenText === 'true'
        ? EMPTY_EXPRESSION
        : expression(fields, whenText, 'when', `${path}.from.match`),
    to,
  };
}

function readWeight(destination: RuleFields): number {
  const value = destination.record.weight;
  if (value === undefined || value === null) return DEFAULT_DESTINATION_WEIGHT;
  const weight = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof weight !== 'number' || !Number.isSafeInteger(weight) || weight < 0) {
    throw ruleError(
      destination.document,
      `${destination.path}.weight`,
      `weight must be an integer ≥ 0, got ${JSON.stringify(value)}`,
    );
  }
  return weight;
}

function expression(
  fields: RuleFields,
  text: string,
  side: ConditionSide,
  path: string,
): ConditionExpression {
  const parsed = parseConditionExpression(text, side);
  if (typeof parsed === 'string')
    throw ruleError(fields.document, path, `${side} side ${JSON.stringify(text)}: ${parsed}`);
  return parsed;
}
