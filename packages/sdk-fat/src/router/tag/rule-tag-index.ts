import type { Provider } from '../../provider/provider.js';
import { ProviderSet } from '../../provider/provider-set.js';
import { buildStaticTagIndex, type StaticTagIndex, subsetOf, type TagOutcome } from './static-tag-index.js';
import { matchesString } from './string-match.js';
import type { TagDefinition, TagRule } from './tag-rule.js';

/** What a tag rule makes of one provider set, computed once per set (governance.md §3.5). */
export interface RuleTagIndex {
  /** Tags that have addresses → the providers at those addresses (possibly none). */
  readonly tagged: ReadonlyMap<string, ProviderSet>;
  readonly statics: StaticTagIndex;
  /** Providers outside every tag's addresses and without a static tag. */
  readonly fallback: ProviderSet;
}

/**
 * Resolves each tag's addresses against `providers`: explicit `addresses`, else the `host:port` of
 * the providers whose params satisfy every `match` entry; a tag with neither, or whose match
 * selects nobody, is "not set" and absent from `tagged`.
 */
export function buildRuleTagIndex(providers: ProviderSet, rule: TagRule): RuleTagIndex {
  const tagged = new Map<string, ProviderSet>();
  const inSomeTag = new Set<Provider>();
  for (const tag of rule.tags) {
    const at = tagProviders(providers, tag);
    if (at === undefined) continue;
    tagged.set(tag.name, at);
    for (const provider of at.providers) inSomeTag.add(provider);
  }
  const statics = buildStaticTagIndex(providers);
  const fallback = subsetOf(
    providers,
    statics.untagged.providers.filter((provider) => !inSomeTag.has(provider)),
  );
  return { tagged, statics, fallback };
}

function tagProviders(providers: ProviderSet, tag: TagDefinition): ProviderSet | undefined {
  if (tag.addresses.length > 0) {
    return subsetOf(
      providers,
      providers.providers.filter((p) => tag.addresses.some((address) => address.matches(p.host, p.port))),
    );
  }
  if (tag.match.length === 0) return undefined;
  const addresses = new Set(
    providers.providers
      .filter((p) => tag.match.every(({ key, value }) => matchesString(value, paramOf(p, key))))
      .map((p) => p.address),
  );
  if (addresses.size === 0) return undefined;
  return subsetOf(
    providers,
    providers.providers.filter((p) => addresses.has(p.address)),
  );
}

function paramOf(provider: Provider, key: string): string | undefined {
  return Object.hasOwn(provider.params, key) ? provider.params[key] : undefined;
}

/**
 * Java's TagStateRouter with a rule (governance.md §3.5, §11.4). A tag `a|b|c` looks for addresses
 * at `a|b|c`, `a|b`, `a` (only the full tag when forced): (a) a tag with addresses → its providers,
 * returned when non-empty or the rule forces; (b) without addresses → providers whose static tag is
 * the full tag; either result stands when non-empty or `dubbo.force.tag` is set; (c) otherwise the
 * fallback. No tag → the fallback (empty when every provider is in some tag).
 */
export function routeByTagRule(
  index: RuleTagIndex,
  rule: TagRule,
  tag: string | undefined,
  forced: boolean,
): TagOutcome {
  if (tag === undefined)
    return { providers: index.fallback, why: 'no tag: providers outside every tag, untagged' };
  let level = tag;
  let atAddresses = index.tagged.get(level);
  while (atAddresses === undefined && !forced) {
    const cut = level.lastIndexOf('|');
    if (cut < 0) break;
    level = level.slice(0, cut);
    atAddresses = index.tagged.get(level);
  }
  let result: ProviderSet;
  if (atAddresses !== undefined) {
    if (atAddresses.size > 0) return { providers: atAddresses, why: `addresses of tag ${level}` };
    if (rule.force)
      return { providers: atAddresses, why: `no provider at the addresses of tag ${level}, rule force=true` };
    result = ProviderSet.EMPTY;
  } else {
    result = index.statics.byTag.get(tag) ?? ProviderSet.EMPTY;
    if (result.size > 0) return { providers: result, why: 'static dubbo.tag' };
  }
  if (forced) return { providers: result, why: 'no provider for the tag, dubbo.force.tag=true' };
  return { providers: index.fallback, why: 'no provider for the tag: providers outside every tag, untagged' };
}
