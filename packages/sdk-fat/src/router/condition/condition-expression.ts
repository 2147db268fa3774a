import { type ConditionSide, compileValuePattern, type ValuePattern } from './value-pattern.js';

/**
 * Where a condition key reads its value (governance.md §3.3 "Keys"): an invocation argument
 * (`arguments[0]`), an attachment (`attachments[lane]`), or a URL parameter, which also covers
 * `method` and the synthetic `protocol`, `host`, `port`, `path`, `address`, `username`, `password`.
 */
export type ConditionKey =
  | { readonly kind: 'argument'; readonly index: number }
  | { readonly kind: 'attachment'; readonly name: string }
  | { readonly kind: 'param'; readonly name: string };

/** One key with its `=` values (any must match) and `!=` values (none may match). */
export interface KeyCondition {
  /** The key as written, prefix removed: `region`, `arguments[0]`. */
  readonly text: string;
  readonly key: ConditionKey;
  readonly matches: readonly ValuePattern[];
  readonly mismatches: readonly ValuePattern[];
}

/** One side of a condition: every key condition must hold (`&`). */
export interface ConditionExpression {
  readonly conditions: readonly KeyCondition[];
  /** Consumer parameters named by `$name` values (then side), whose values select cached subsets. */
  readonly consumerParams: readonly string[];
}

/** Java's tokenizer, ConditionStateRouter.ROUTE_PATTERN: separators, then one value or key. */
const TOKEN = /([&!=,]*)\s*([^&!=,\s]+)/g;

/**
 * Parses one side of a condition (`method=greet & arguments[0]=1~100`, `host != 10.0.0.2`) the way
 * Java's ConditionStateRouter.parseRule does (governance.md §3.3). Returns a problem string
 * instead of throwing, so the rule parser can name the rule key. Beyond Java, a key without any
 * value, `arguments`/`attachments` on the then side, and dotted attachment names are rejected:
 * Java accepts them but they can never match as written.
 */
export function parseConditionExpression(text: string, side: ConditionSide): ConditionExpression | string {
  const byKey = new Map<string, { key: ConditionKey; matches: ValuePattern[]; mismatches: ValuePattern[] }>();
  let current: { key: ConditionKey; matches: ValuePattern[]; mismatches: ValuePattern[] } | undefined;
  let values: ValuePattern[] | undefined;
  for (const token of text.matchAll(TOKEN)) {
    const separator = token[1] ?? '';
    const content = token[2] ?? '';
    const at = `at index ${token.index} before ${JSON.stringify(content)}`;
    if (separator === '' || separator === '&') {
      const name = content.replace(/^(consumer|provider)\./, '');
      const existing = byKey.get(name);
      // Java replaces a key repeated without `&` and extends one repeated with `&`.
      if (existing !== undefined && separator === '&') {
        current = existing;
      } else {
        const key = parseKey(name, side);
        if (typeof key === 'string') return key;
        current = { key, matches: [], mismatches: [] };
        byKey.set(name, current);
      }
      values = undefined;
    } else if (separator === '=' || separator === '!=') {
      if (current === undefined) return `${separator} without a key ${at}`;
      values = separator === '=' ? current.matches : current.mismatches;
      values.push(compileValuePattern(content, side));
    } else if (separator === ',') {
      if (values === undefined || values.length === 0) return `, without a preceding value ${at}`;
      values.push(compileValuePattern(content, side));
    } else {
      return `unexpected ${JSON.stringify(separator)} ${at}`;
    }
  }
  const conditions: KeyCondition[] = [];
  const consumerParams = new Set<string>();
  for (const [name, entry] of byKey) {
    if (entry.matches.length === 0 && entry.mismatches.length === 0) {
      return `key ${JSON.stringify(name)} has no value (expected ${name}=value or ${name}!=value)`;
    }
    for (const pattern of [...entry.matches, ...entry.mismatches]) {
      if (side === 'then' && pattern.text.startsWith('$') && !pattern.text.includes('~')) {
        consumerParams.add(pattern.text.slice(1));
      }
    }
    conditions.push({ text: name, ...entry });
  }
  return { conditions, consumerParams: [...consumerParams] };
}

function parseKey(name: string, side: ConditionSide): ConditionKey | string {
  if (name.startsWith('arguments[') || name.startsWith('attachments[')) {
    if (side === 'then') return `${name} can only be matched on the when side (left of =>)`;
    const argument = /^arguments\[(\d{1,9})\]$/.exec(name);
    if (argument) return { kind: 'argument', index: Number(argument[1]) };
    const attachment = /^attachments\[([^\].]+)\]$/.exec(name);
    // Triple sends attachments as lower-case headers (Invocation.attachments).
    if (attachment) return { kind: 'attachment', name: attachment[1]!.toLowerCase() };
    return `key ${JSON.stringify(name)} is not arguments[<index>] or attachments[<name without dots>]`;
  }
  return { kind: 'param', name };
}
