/** Which side of `=>` a pattern sits on; it changes `$name` and what an unusable range means. */
export type ConditionSide = 'when' | 'then';

/**
 * One value of a condition key (`region=hz*`, `arguments[0]=1~100`, `region=$region`), compiled
 * once when the rule is parsed (governance.md §3.3 "Values").
 */
export interface ValuePattern {
  /** The value as written in the rule. */
  readonly text: string;
  /** `consumerParams` resolves `$name` on the then side; the when side ignores it. */
  test(value: string, consumerParams: Readonly<Record<string, string>>): boolean;
}

/**
 * Compiles a value: containing `~` it is an inclusive integer range (`a~b`, `a~`, `~b`); otherwise
 * a glob with `*`; on the then side `$name` is the consumer's raw `name` parameter, itself matched
 * as a glob (Java RangeValuePattern, WildcardValuePattern, UrlUtils.isMatchGlobPattern).
 */
export function compileValuePattern(text: string, side: ConditionSide): ValuePattern {
  if (text.includes('~')) return compileRange(text, side);
  if (side === 'then' && text.startsWith('$')) {
    const name = text.slice(1);
    return {
      text,
      test: (value, consumerParams) =>
        matchesGlob(Object.hasOwn(consumerParams, name) ? consumerParams[name] : undefined, value),
    };
  }
  return { text, test: (value) => matchesGlob(text, value) };
}

/**
 * Java's glob: `*` alone matches anything; otherwise the text before the first `*` must start the
 * value and the text after the last `*` must end it. A missing pattern (an unset `$name`) matches
 * only an empty value. Unlike Java, prefix and suffix may not overlap (`ab*ba` does not match `aba`).
 */
export function matchesGlob(pattern: string | undefined, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern === undefined || pattern === '' || value === '') {
    return (pattern === undefined || pattern === '') && value === '';
  }
  const first = pattern.indexOf('*');
  if (first < 0) return value === pattern;
  const prefix = pattern.slice(0, first);
  const suffix = pattern.slice(pattern.lastIndexOf('*') + 1);
  return value.length >= prefix.length + suffix.length && value.startsWith(prefix) && value.endsWith(suffix);
}

/** A signed 32-bit decimal integer (Java `int`), or undefined. */
export function parseJavaInt(text: string): number | undefined {
  if (!/^[+-]?\d{1,10}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= -2147483648 && value <= 2147483647 ? value : undefined;
}

/**
 * An unusable range or value (not an integer, `~`, `1~2~3`) is "false on the when side, true on the
 * then side", so a broken rule neither fires nor empties the list (governance.md §3.3).
 */
function compileRange(text: string, side: ConditionSide): ValuePattern {
  const unusable = side === 'then';
  const parts = text.split('~');
  const [rawStart = '', rawEnd = ''] = parts;
  const start = rawStart === '' ? Number.NEGATIVE_INFINITY : parseJavaInt(rawStart);
  const end = rawEnd === '' ? Number.POSITIVE_INFINITY : parseJavaInt(rawEnd);
  if (parts.length !== 2 || (rawStart === '' && rawEnd === '') || start === undefined || end === undefined) {
    return { text, test: () => unusable };
  }
  return {
    text,
    test: (value) => {
      const number = parseJavaInt(value);
      return number === undefined ? unusable : number >= start && number <= end;
    },
  };
}
