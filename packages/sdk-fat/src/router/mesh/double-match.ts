import { childPath, type RuleReader } from './rule-reader.js';

/**
 * A numeric condition of a mesh rule argument match (governance.md §3.6 DoubleMatch): `exact`,
 * `range` (start inclusive, end exclusive, either may be open) or `mod` with `exact`
 * (`input % mod == exact`), as Java's DoubleMatch and DoubleRangeMatch evaluate them.
 */
export type DoubleMatch =
  | { readonly kind: 'exact'; readonly value: number }
  | { readonly kind: 'range'; readonly start: number | undefined; readonly end: number | undefined }
  | { readonly kind: 'mod'; readonly mod: number; readonly value: number };

/**
 * Reads a DoubleMatch. Java accepts combinations it then ignores (`mod` without `exact` never
 * matches; `exact` beside `range` hides the range), so those are errors here.
 */
export function parseDoubleMatch(reader: RuleReader, value: unknown, path: string): DoubleMatch {
  const record = reader.record(value, path);
  reader.onlyKeys(record, path, ['exact', 'range', 'mod']);
  const exact = reader.optionalNumber(record.exact, childPath(path, 'exact'));
  const mod = reader.optionalNumber(record.mod, childPath(path, 'mod'));
  const rangePath = childPath(path, 'range');
  const range = reader.optionalRecord(record.range, rangePath);
  if (range !== undefined) {
    if (exact !== undefined || mod !== undefined)
      throw reader.error(path, 'give either range, or exact (with an optional mod)');
    reader.onlyKeys(range, rangePath, ['start', 'end']);
    const start = reader.optionalNumber(range.start, childPath(rangePath, 'start'));
    const end = reader.optionalNumber(range.end, childPath(rangePath, 'end'));
    if (start === undefined && end === undefined) throw reader.error(rangePath, 'give start, end or both');
    return { kind: 'range', start, end };
  }
  if (exact === undefined)
    throw reader.error(path, mod === undefined ? 'give exact, range or exact with mod' : 'mod needs exact');
  if (mod === undefined) return { kind: 'exact', value: exact };
  if (mod === 0) throw reader.error(childPath(path, 'mod'), 'mod must not be 0');
  return { kind: 'mod', mod, value: exact };
}

/** Whether a numeric argument satisfies the match. */
export function matchDouble(match: DoubleMatch, input: number): boolean {
  switch (match.kind) {
    case 'exact':
      return input === match.value;
    case 'range':
      return (
        (match.start === undefined || input >= match.start) && (match.end === undefined || input < match.end)
      );
    case 'mod':
      // JS `%` is Java's double remainder: the sign follows the dividend.
      return input % match.mod === match.value;
  }
}
