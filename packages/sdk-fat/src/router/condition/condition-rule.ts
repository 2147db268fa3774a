import type { ConditionExpression } from './condition-expression.js';

/** `service`: the key is a service key; `application`: the key is a consumer or provider app. */
export type ConditionScope = 'service' | 'application';

/** A v3.0 entry, `when => then` (governance.md §3.3). */
export interface ConditionClause {
  /** The entry as written, for explanations. */
  readonly text: string;
  /** Empty (or `true`): every invocation. */
  readonly whenSide: ConditionExpression;
  /** Undefined for an empty or `false` then side: a blacklist, the result is empty. */
  readonly thenSide: ConditionExpression | undefined;
}

/** One `to` entry of a v3.1 condition: the providers `match` selects, chosen with `weight`. */
export interface ConditionDestination {
  /** The `match` text as written (empty = every provider). */
  readonly text: string;
  readonly match: ConditionExpression;
  /** Relative weight, default 100; 0 is never chosen. */
  readonly weight: number;
}

/** A v3.1 entry, `{from: {match}, to: [{match, weight}]}` (governance.md §3.4). */
export interface MultiDestinationClause {
  /** `from.match` as written. */
  readonly text: string;
  readonly whenSide: ConditionExpression;
  /** Empty: a blacklist, the result is empty. */
  readonly to: readonly ConditionDestination[];
}

interface ConditionRuleBase {
  readonly scope: ConditionScope;
  /**
   * Service scope: `iface:version:group`, missing parts filled with empty ones (`org.demo.Greeter`
   * is stored as `org.demo.Greeter::`); application scope: the application name.
   */
  readonly key: string;
  readonly enabled: boolean;
  readonly force: boolean;
  /** Read for completeness; routing here always evaluates per call (governance.md §3.2). */
  readonly runtime: boolean;
  /** Where the rule came from (`rules.yaml document 2`), for explanations and logs. */
  readonly source: string;
}

/** A condition rule, `configVersion: v3.0` (or absent). */
export interface ConditionRuleV30 extends ConditionRuleBase {
  readonly configVersion: 'v3.0';
  readonly conditions: readonly ConditionClause[];
}

/** A condition rule, `configVersion: v3.1`. */
export interface ConditionRuleV31 extends ConditionRuleBase {
  readonly configVersion: 'v3.1';
  readonly conditions: readonly MultiDestinationClause[];
}

/** A parsed condition rule (governance.md §3.3, §3.4). */
export type ConditionRule = ConditionRuleV30 | ConditionRuleV31;
