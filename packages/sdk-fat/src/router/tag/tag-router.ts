import { providerParam } from '../../provider/provider.js';
import type { ProviderSet } from '../../provider/provider-set.js';
import type { Router } from '../router.js';
import { isTagForced, requestedTag } from './request-tag.js';
import { buildRuleTagIndex, type RuleTagIndex, routeByTagRule } from './rule-tag-index.js';
import {
  buildStaticTagIndex,
  routeByStaticTag,
  type StaticTagIndex,
  subsetOf,
  type TagOutcome,
} from './static-tag-index.js';
import type { TagRule } from './tag-rule.js';

/** Java's TagStateRouter order (governance.md §3.2). */
export const TAG_ROUTER_PRIORITY = 100;

/** What the router keeps per provider set: everything that does not depend on the call. */
interface TagSetIndex {
  readonly all: ProviderSet;
  /** Providers of the rule's application, with the rule resolved against them. */
  readonly ruled: RuleTagIndex | undefined;
  /** The other providers, routed by static tags only. */
  readonly others: StaticTagIndex;
  readonly othersSize: number;
  /** Unions of a rule outcome and a static outcome, by their (finitely many) identities. */
  readonly unions: Map<ProviderSet, Map<ProviderSet, ProviderSet>>;
}

/**
 * The tag router (governance.md §3.5, Java semantics §11.4). Without a rule, or with a disabled
 * one, it applies static `dubbo.tag` semantics; with a rule, the rule governs the providers whose
 * `application` is the rule key and the others keep static semantics. Everything that depends on
 * the providers (tag addresses, static tag groups, fallbacks) is computed once per provider set;
 * a call reads its tag and looks results up. An empty result is returned as is (the cluster
 * reports code 6).
 */
export function createTagRouter(rule: TagRule | undefined): Router {
  const active = rule?.enabled === true ? rule : undefined;
  const indexes = new WeakMap<ProviderSet, TagSetIndex>();
  const indexOf = (providers: ProviderSet): TagSetIndex => {
    let index = indexes.get(providers);
    if (index === undefined) {
      index = buildIndex(providers, active);
      indexes.set(providers, index);
    }
    return index;
  };
  return {
    name: 'tag',
    priority: TAG_ROUTER_PRIORITY,
    route(providers, invocation, explain) {
      if (providers.size === 0) return providers;
      const index = indexOf(providers);
      const tag = requestedTag(invocation);
      const forced = isTagForced(invocation);
      const outcome = decide(index, active, tag, forced);
      explain?.push({
        router: 'tag',
        before: providers.size,
        after: outcome.providers.size,
        rule: `tag ${tag === undefined ? '(none)' : JSON.stringify(tag)}: ${outcome.why} (${active?.source ?? 'static tags, no rule'})`,
      });
      return outcome.providers;
    },
  };
}

function buildIndex(providers: ProviderSet, rule: TagRule | undefined): TagSetIndex {
  if (rule === undefined) {
    return {
      all: providers,
      ruled: undefined,
      others: buildStaticTagIndex(providers),
      othersSize: providers.size,
      unions: new Map(),
    };
  }
  const belongs = providers.providers.filter(
    (p) => (providerParam(p, 'application') ?? providerParam(p, 'remote.application')) === rule.key,
  );
  const ruledSet = subsetOf(providers, belongs);
  const othersSet = subsetOf(
    providers,
    providers.providers.filter((p) => !ruledSet.has(p)),
  );
  return {
    all: providers,
    ruled: ruledSet.size > 0 ? buildRuleTagIndex(ruledSet, rule) : undefined,
    others: buildStaticTagIndex(othersSet),
    othersSize: othersSet.size,
    unions: new Map(),
  };
}

function decide(
  index: TagSetIndex,
  rule: TagRule | undefined,
  tag: string | undefined,
  forced: boolean,
): TagOutcome {
  const byRule =
    index.ruled === undefined || rule === undefined
      ? undefined
      : routeByTagRule(index.ruled, rule, tag, forced);
  if (index.othersSize === 0 && byRule !== undefined) return byRule;
  const byStatic = routeByStaticTag(index.others, tag, forced);
  if (byRule === undefined) return byStatic;
  return {
    providers: union(index, byRule.providers, byStatic.providers),
    why: `${byRule.why}; other applications: ${byStatic.why}`,
  };
}

function union(index: TagSetIndex, a: ProviderSet, b: ProviderSet): ProviderSet {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  let byB = index.unions.get(a);
  if (byB === undefined) {
    byB = new Map();
    index.unions.set(a, byB);
  }
  let result = byB.get(b);
  if (result === undefined) {
    // Once per pair of outcomes and provider set, in the set's order.
    result = subsetOf(
      index.all,
      index.all.providers.filter((p) => a.has(p) || b.has(p)),
    );
    byB.set(b, result);
  }
  return result;
}
