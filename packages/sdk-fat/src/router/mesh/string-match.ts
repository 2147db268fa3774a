import { childPath, type RuleReader } from './rule-reader.js';

/**
 * A string condition of a Dubbo mesh rule (governance.md §3.6: `exact|prefix|regex|wildcard|empty|noempty`)
 * or of an Istio VirtualService (§8: `exact|prefix|regex`; an empty `{}` tests presence). Regexes
 * match the whole input, as Java's `String.matches` and Envoy's RE2 full match do.
 */
export type StringMatch =
  | { readonly kind: 'exact' | 'prefix' | 'wildcard'; readonly value: string }
  | { readonly kind: 'regex'; readonly value: string; readonly pattern: RegExp }
  | { readonly kind: 'empty' | 'noempty' | 'present' };

/** Which spelling a rule uses: Dubbo's mesh rules or Istio's. */
export type StringMatchDialect = 'dubbo' | 'istio';

const DUBBO_KINDS = ['exact', 'prefix', 'regex', 'wildcard', 'empty', 'noempty'] as const;
const ISTIO_KINDS = ['exact', 'prefix', 'regex'] as const;

/** RE2 (Envoy) has no lookaround and no backreferences; JS would accept them and match differently. */
const NOT_RE2 = /\(\?<?[=!]|\\[1-9]|\\k</;

/**
 * Reads a StringMatch mapping at `path`. Exactly one kind must be given: Java silently takes the
 * first of several, which hides typos (`{exact: a, prefx: b}`).
 */
export function parseStringMatch(
  reader: RuleReader,
  value: unknown,
  path: string,
  dialect: StringMatchDialect,
): StringMatch {
  const record = reader.record(value, path);
  const kinds: readonly string[] = dialect === 'dubbo' ? DUBBO_KINDS : ISTIO_KINDS;
  reader.onlyKeys(record, path, kinds);
  const keys = Object.keys(record);
  if (keys.length === 0) {
    // Istio: a header named with an empty match tests presence (virtual-service.md HTTPMatchRequest.headers).
    if (dialect === 'istio') return { kind: 'present' };
    throw reader.error(path, `give one of ${kinds.join(', ')}`);
  }
  if (keys.length > 1) throw reader.error(path, `give only one of ${keys.join(', ')}`);
  const kind = keys[0]!;
  const at = childPath(path, kind);
  // Java only checks that `empty`/`noempty` are set (StringMatch.java); their value is not read.
  if (kind === 'empty' || kind === 'noempty') return { kind };
  const text = reader.scalarText(record[kind], at);
  if (kind === 'regex') return { kind, value: text, pattern: compileFullMatch(reader, text, at, dialect) };
  if (kind === 'exact' || kind === 'prefix' || kind === 'wildcard') return { kind, value: text };
  throw reader.error(at, 'unknown match kind');
}

function compileFullMatch(
  reader: RuleReader,
  source: string,
  path: string,
  dialect: StringMatchDialect,
): RegExp {
  if (dialect === 'istio' && NOT_RE2.test(source)) {
    throw reader.error(path, 'lookaround and backreferences are not RE2 syntax, which Istio requires');
  }
  try {
    return new RegExp(`^(?:${source})$`);
  } catch (err) {
    throw reader.error(
      path,
      `invalid regular expression: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/**
 * Whether `input` (undefined when the attachment, header or argument is absent) satisfies `match`.
 * Only `empty` accepts an absent input, as in Java's `StringMatch.isMatch`.
 */
export function matchString(match: StringMatch, input: string | undefined): boolean {
  switch (match.kind) {
    case 'exact':
      return input === match.value;
    case 'prefix':
      return input?.startsWith(match.value) === true;
    case 'regex':
      return input !== undefined && match.pattern.test(input);
    case 'wildcard':
      // Java supports only `*` or the literal value (StringMatch.java "only supports *").
      return input !== undefined && (match.value === '*' || input === match.value);
    case 'empty':
      return input === undefined || input === '';
    case 'noempty':
      return input !== undefined && input !== '';
    case 'present':
      return input !== undefined;
  }
}

/** The same match, comparing case-insensitively (Istio `ignoreUriCase`); compare against lower-cased input. */
export function ignoringCase(match: StringMatch): StringMatch {
  switch (match.kind) {
    case 'exact':
    case 'prefix':
    case 'wildcard':
      return { kind: match.kind, value: match.value.toLowerCase() };
    case 'regex':
      return { kind: 'regex', value: match.value, pattern: new RegExp(match.pattern.source, 'i') };
    default:
      return match;
  }
}
