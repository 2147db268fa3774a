import type { Invocation } from '../../invocation.js';
import { ProviderSet } from '../../provider/provider-set.js';
import type { RouteStep } from '../router.js';
import type { ConditionExpression } from './condition-expression.js';
import { matchesThen, matchesWhen } from './condition-match.js';
import type { ConditionClause, MultiDestinationClause } from './condition-rule.js';
import { chooseWeighted } from './weighted-choice.js';

/** One entry of a rule, ready to route: the router applies its entries one after another. */
export type ClauseRoute = (
  providers: ProviderSet,
  invocation: Invocation,
  explain?: RouteStep[],
) => ProviderSet;

/** What a clause needs from its router. */
export interface ClauseContext {
  /** A key naming this clause in ProviderSet caches: unique per router and entry. */
  readonly cacheKey: string;
  readonly force: boolean;
  readonly random: () => number;
  /** A when or then side threw: log it; the clause then keeps its input (governance.md §3.3). */
  readonly report: (error: unknown, condition: string) => void;
}

/**
 * A v3.0 entry (governance.md §3.3): when the invocation matches, the providers the then side
 * keeps (computed once per provider set); empty then side → empty; nothing kept → empty if
 * `force`, else the input unchanged.
 */
export function compileClauseRoute(clause: ConditionClause, context: ClauseContext): ClauseRoute {
  const { thenSide } = clause;
  return (providers, invocation, explain) => {
    try {
      if (!matchesWhen(clause.whenSide, invocation)) return providers;
      let result = ProviderSet.EMPTY;
      let note = ' (blacklist)';
      if (thenSide !== undefined) {
        const kept = thenSubset(providers, thenSide, invocation, context.cacheKey);
        result = kept.size > 0 || context.force ? kept : providers;
        note =
          kept.size > 0
            ? ''
            : context.force
              ? ' (no provider matched, force=true)'
              : ' (no provider matched, kept all)';
      }
      explain?.push({
        router: 'condition',
        before: providers.size,
        after: result.size,
        rule: clause.text + note,
      });
      return result;
    } catch (error) {
      context.report(error, clause.text);
      return providers;
    }
  };
}

/**
 * A v3.1 entry (governance.md §3.4): when the invocation matches, one of the non-empty `to`
 * subsets, chosen per call by weight; none → empty if `force`, else the input; no `to` → empty.
 */
export function compileMultiDestinationRoute(
  clause: MultiDestinationClause,
  context: ClauseContext,
): ClauseRoute {
  const weights = new Array<number>(clause.to.length).fill(0);
  const subsets = new Array<ProviderSet>(clause.to.length).fill(ProviderSet.EMPTY);
  return (providers, invocation, explain) => {
    try {
      if (!matchesWhen(clause.whenSide, invocation)) return providers;
      let chosen = -1;
      if (clause.to.length > 0) {
        // Work per call is per destination, never per provider: each subset is cached.
        clause.to.forEach((destination, i) => {
          subsets[i] = thenSubset(providers, destination.match, invocation, `${context.cacheKey}>${i}`);
          weights[i] = subsets[i]!.size > 0 ? destination.weight : 0;
        });
        chosen = chooseWeighted(weights, context.random);
      }
      const result =
        chosen >= 0
          ? subsets[chosen]!
          : clause.to.length === 0 || context.force
            ? ProviderSet.EMPTY
            : providers;
      if (explain) {
        const to =
          chosen >= 0
            ? `${clause.to[chosen]!.text || '(all)'} (weight ${clause.to[chosen]!.weight})`
            : '(none)';
        explain.push({
          router: 'condition',
          before: providers.size,
          after: result.size,
          rule: `${clause.text} => ${to}`,
        });
      }
      return result;
    } catch (error) {
      context.report(error, clause.text);
      return providers;
    }
  };
}

/**
 * The providers a then side keeps, cached per provider set under a key naming the clause and the
 * consumer values its `$name` references resolve to.
 */
function thenSubset(
  providers: ProviderSet,
  thenSide: ConditionExpression,
  invocation: Invocation,
  cacheKey: string,
): ProviderSet {
  const consumerParams = invocation.consumer.params;
  let key = cacheKey;
  for (const name of thenSide.consumerParams) {
    const value = Object.hasOwn(consumerParams, name) ? consumerParams[name] : undefined;
    key += value === undefined ? '|' : `|=${value.length}:${value}`;
  }
  return providers.derive(key, (provider) => matchesThen(thenSide, provider, consumerParams));
}
