import { matchString, type StringMatch } from '../mesh/string-match.js';

/**
 * A StringMatch of a tag rule `match` entry (governance.md §3.5): exactly one of `exact`,
 * `prefix`, `regex` (whole value), `wildcard` (only `*` is special), `empty`, `noempty`
 * (Java `…/router/mesh/rule/virtualservice/match/StringMatch.java`).
 */
export type { StringMatch } from '../mesh/string-match.js';

const KINDS = ['exact', 'prefix', 'regex', 'wildcard', 'empty', 'noempty'] as const;

/**
 * Reads a StringMatch mapping such as `{exact: gray}`. Returns a problem string for anything
 * else, with the offending key path relative to the mapping (`regex`), for the rule parser.
 */
export function parseStringMatch(value: unknown): StringMatch | { problem: string; key?: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: `expected a StringMatch mapping with one of ${KINDS.join(', ')}` };
  }
  const record = value as Record<string, unknown>;
  const present = KINDS.filter((kind) => record[kind] !== undefined && record[kind] !== null);
  const unknown = Object.keys(record).filter((key) => !(KINDS as readonly string[]).includes(key));
  if (unknown.length > 0) return { problem: `unknown StringMatch field ${unknown[0]}`, key: unknown[0] };
  if (present.length !== 1) {
    return { problem: `a StringMatch needs exactly one of ${KINDS.join(', ')} (found ${present.length})` };
  }
  const kind = present[0]!;
  if (kind === 'empty' || kind === 'noempty') return { kind };
  const raw = record[kind];
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
    return { problem: `${kind} must be a string`, key: kind };
  }
  const text = String(raw);
  if (kind !== 'regex') return { kind, value: text };
  try {
    // Java's String.matches: the whole value must match.
    return { kind, value: text, pattern: new RegExp(`^(?:${text})$`) };
  } catch (err) {
    return { problem: `invalid regex: ${err instanceof Error ? err.message : String(err)}`, key: kind };
  }
}

/** Whether a provider parameter (undefined when absent) satisfies `match`: the mesh rules' matcher. */
export const matchesString: (match: StringMatch, input: string | undefined) => boolean = matchString;
