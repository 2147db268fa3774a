import type { AddressExpression } from './address-expression.js';
import type { StringMatch } from './string-match.js';

/** A `match` entry of a tag: the provider parameter `key` must satisfy `value`. */
export interface TagParamMatch {
  readonly key: string;
  readonly value: StringMatch;
}

/** One tag of a tag rule (governance.md §3.5). */
export interface TagDefinition {
  /** The tag requests name (`gray`, `a|b` levels are looked up one by one). */
  readonly name: string;
  /** Explicit addresses; when present, `match` is ignored (Java TagRouterRule). */
  readonly addresses: readonly AddressExpression[];
  /** Without addresses: the tag holds the `host:port` of providers satisfying every entry. */
  readonly match: readonly TagParamMatch[];
}

/** A parsed tag rule, `<provider app>.tag-router` (governance.md §3.5). */
export interface TagRule {
  /** The provider application the rule governs. */
  readonly key: string;
  readonly enabled: boolean;
  /** With a tag whose addresses hold no current provider: return empty instead of falling back. */
  readonly force: boolean;
  readonly runtime: boolean;
  readonly configVersion: string | undefined;
  readonly tags: readonly TagDefinition[];
  /** Where the rule came from (`rules.yaml document 1`), for explanations. */
  readonly source: string;
}
