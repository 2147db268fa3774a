import type { Provider } from '../../provider/provider.js';
import { ProviderSet } from '../../provider/provider-set.js';

/** The provider parameter holding a provider's own tag (`dubbo.provider.tag`, governance.md §3.5). */
export const TAG_KEY = 'dubbo.tag';

/** A provider's static tag, `''` when it has none. */
export function staticTagOf(provider: Provider): string {
  return Object.hasOwn(provider.params, TAG_KEY) ? (provider.params[TAG_KEY] ?? '') : '';
}

/** `kept` (in `all`'s order) as a set; `all` itself when nothing was dropped, so identity survives. */
export function subsetOf(all: ProviderSet, kept: readonly Provider[]): ProviderSet {
  if (kept.length === all.size) return all;
  return kept.length === 0 ? ProviderSet.EMPTY : new ProviderSet(kept);
}

/** What a tag router decided, with the branch taken for `dubbo-mesh route` explanations. */
export interface TagOutcome {
  readonly providers: ProviderSet;
  readonly why: string;
}

/** Providers grouped by static tag, computed once per provider set. */
export interface StaticTagIndex {
  /** Non-empty static tag → its providers. */
  readonly byTag: ReadonlyMap<string, ProviderSet>;
  /** Providers without a static tag. */
  readonly untagged: ProviderSet;
}

/** Groups `providers` by static tag, once per provider set. */
export function buildStaticTagIndex(providers: ProviderSet): StaticTagIndex {
  const groups = new Map<string, Provider[]>();
  for (const provider of providers.providers) {
    const tag = staticTagOf(provider);
    const group = groups.get(tag);
    if (group) group.push(provider);
    else groups.set(tag, [provider]);
  }
  const byTag = new Map<string, ProviderSet>();
  for (const [tag, group] of groups) {
    if (tag !== '') byTag.set(tag, subsetOf(providers, group));
  }
  return { byTag, untagged: subsetOf(providers, groups.get('') ?? []) };
}

/**
 * The static semantics, used without a rule or with a disabled one (governance.md §3.5, Java
 * TagStateRouter.filterUsingStaticTag): a tag selects providers whose `dubbo.tag` equals it, else
 * (unless forced) the untagged ones; no tag selects the untagged ones, so statically tagged
 * providers never get untagged traffic.
 */
export function routeByStaticTag(
  index: StaticTagIndex,
  tag: string | undefined,
  forced: boolean,
): TagOutcome {
  if (tag === undefined) return { providers: index.untagged, why: 'no tag: untagged providers' };
  const tagged = index.byTag.get(tag);
  if (tagged !== undefined) return { providers: tagged, why: 'static dubbo.tag' };
  if (forced)
    return { providers: ProviderSet.EMPTY, why: 'no provider has the static tag, dubbo.force.tag=true' };
  return { providers: index.untagged, why: 'no provider has the static tag: untagged providers' };
}
