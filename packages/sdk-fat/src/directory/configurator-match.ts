import { matchesGlob, matchesIpExpression } from './address-patterns.js';

/** Java mesh `StringMatch`: the first field set decides (governance.md §3.6 model). */
export interface StringMatch {
  readonly exact?: string;
  readonly prefix?: string;
  readonly regex?: string;
  readonly wildcard?: string;
  readonly empty?: string;
  readonly noempty?: string;
}

/** Java `AddressMatch` (`cird`, `wildcard`, `exact`; governance.md §4, §10.1). */
export interface AddressMatch {
  readonly cird?: string;
  readonly wildcard?: string;
  readonly exact?: string;
}

/** Java `ConditionMatch`, the v3.0 `match` of a configurator item (governance.md §4). */
export interface ConditionMatch {
  readonly address?: AddressMatch;
  readonly providerAddress?: AddressMatch;
  readonly service?: { readonly oneof: readonly StringMatch[] };
  readonly app?: { readonly oneof: readonly StringMatch[] };
  readonly param?: readonly { readonly key: string; readonly value: StringMatch }[];
}

export function matchesString(match: StringMatch, input: string | undefined): boolean {
  if (match.exact !== undefined) return input !== undefined && input === match.exact;
  if (match.prefix !== undefined) return input?.startsWith(match.prefix) === true;
  if (match.regex !== undefined) return input !== undefined && fullMatch(match.regex, input);
  if (match.wildcard !== undefined)
    return input !== undefined && (match.wildcard === '*' || match.wildcard === input);
  if (match.empty !== undefined) return input === undefined || input === '';
  if (match.noempty !== undefined) return input !== undefined && input !== '';
  return false;
}

function fullMatch(regex: string, input: string): boolean {
  try {
    return new RegExp(`^(?:${regex})$`).test(input);
  } catch {
    return false;
  }
}

export function matchesAddress(match: AddressMatch, input: string | undefined): boolean {
  if (input === undefined) return false;
  if (match.cird !== undefined) return input === match.cird || matchesIpExpression(match.cird, input);
  if (match.wildcard !== undefined) {
    return match.wildcard === '0.0.0.0' || match.wildcard === '*' || matchesGlob(match.wildcard, input);
  }
  if (match.exact !== undefined) return input === match.exact;
  return false;
}

/** What a ConditionMatch is checked against: the host in question and the invoker URL's parts. */
export interface MatchTarget {
  /** The consumer's IP for consumer items, the provider's for provider items. */
  readonly host: string;
  /** The invoker URL's `host:port`. */
  readonly address: string;
  /** `group/interface:version`. */
  readonly serviceKey: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Java `ConditionMatch.isMatch`: every part given must pass. */
export function matchesCondition(match: ConditionMatch, target: MatchTarget): boolean {
  if (match.address && !matchesAddress(match.address, target.host)) return false;
  if (match.providerAddress && !matchesAddress(match.providerAddress, target.address)) return false;
  if (match.service && !match.service.oneof.some((one) => matchesString(one, target.serviceKey)))
    return false;
  if (match.app && !match.app.oneof.some((one) => matchesString(one, target.params.application)))
    return false;
  for (const { key, value } of match.param ?? []) {
    const input = target.params[key];
    if (input === undefined || !matchesString(value, input)) return false;
  }
  return true;
}
