import type { Provider } from '../provider/provider.js';
import { type ConditionMatch, matchesCondition } from './configurator-match.js';

/**
 * One override, in the shape of Java's `override://` URL (governance.md §4): legacy URLs from the
 * registry's `configurators` dir map onto it one to one, and each item of a YAML configurator rule
 * becomes one or more of them (Java ConfigParser).
 */
export interface Configurator {
  /** `override` overwrites parameters; `absent` only adds missing ones (Java AbsentConfigurator). */
  readonly kind: 'override' | 'absent';
  /** `0.0.0.0` (anyone) or an IP: the consumer's for consumer items, the provider's for provider items. */
  readonly host: string;
  /** Non-zero only in legacy URLs that name a provider address. */
  readonly port: number;
  /** `group/interface:version`, or `*`. */
  readonly serviceKey: string;
  /** Every parameter of the override URL, condition keys included. */
  readonly params: Readonly<Record<string, string>>;
  /** The v3.0 `match`. */
  readonly match: ConditionMatch | undefined;
  /** Where it came from, for explanations: a URL, or `file, document N, configs[i]`. */
  readonly origin: string;
}

/** The URL a configurator is applied to: a provider URL merged with consumer parameters. */
export type ConfigurableUrl = Pick<Provider, 'host' | 'port' | 'address' | 'path' | 'params'>;

/** Java `URL.getServiceKey`: `group/interface:version`, with the interface from `interface` or the path. */
export function serviceKeyOf(url: Pick<Provider, 'path' | 'params'>): string {
  const iface = url.params.interface || url.path;
  const group = url.params.group ? `${url.params.group}/` : '';
  const version = url.params.version ? `:${url.params.version}` : '';
  return `${group}${iface}${version}`;
}

/** Keys that say when an override applies rather than what it sets (Java genConditionKeys). */
const CONDITION_KEYS = [
  'category',
  'check',
  'dynamic',
  'enabled',
  'group',
  'version',
  'application',
  'side',
  'configVersion',
  'compatible_config',
  'interfaces',
  // Not a condition key in Java, which copies it onto invoker URLs; it only says where to apply.
  'providerAddresses',
];

/** A legacy `override://` or `absent://` URL as a Configurator; undefined for one that sets nothing. */
export function configuratorFromUrl(url: Provider): Configurator | undefined {
  const params = { ...url.params };
  delete params.anyhost;
  if (Object.keys(params).length === 0) return undefined;
  return {
    kind: url.protocol === 'absent' ? 'absent' : 'override',
    host: url.host,
    port: url.port,
    serviceKey: serviceKeyOf(url),
    params,
    match: undefined,
    origin: url.url,
  };
}

/**
 * Java's order (`AbstractConfigurator.compareTo`): by host text, then by `priority`; later ones win,
 * so a rule for one IP overrides one for `0.0.0.0`. Stable for equal keys.
 */
export function sortConfigurators(configurators: readonly Configurator[]): Configurator[] {
  return [...configurators].sort((a, b) => {
    if (a.host !== b.host) return a.host < b.host ? -1 : 1;
    return Number(a.params.priority ?? 0) - Number(b.params.priority ?? 0);
  });
}

/**
 * Applies one configurator to an invoker URL's parameters, as Java `AbstractConfigurator.configure`
 * does (governance.md §4 "Applies when"); returns the parameters unchanged when it does not apply.
 * `localHost` is the consumer's IP.
 */
export function applyConfigurator(
  url: ConfigurableUrl,
  params: Readonly<Record<string, string>>,
  configurator: Configurator,
  localHost: string,
): Readonly<Record<string, string>> {
  const rule = configurator.params;
  if (rule.enabled === 'false' || !configurator.host || !url.host) return params;
  const side = params.side;
  if (rule.configVersion) {
    if (side !== rule.side) return params;
    if (side === 'consumer') return configureIfMatch(localHost, url, params, configurator);
    if (side === 'provider') return configureIfMatch(url.host, url, params, configurator);
    return params;
  }
  // Legacy URLs: a port names one provider address; without one the host is a consumer or 0.0.0.0.
  if (configurator.port !== 0) {
    return url.port === configurator.port ? configureIfMatch(url.host, url, params, configurator) : params;
  }
  if ((side ?? 'provider') === 'consumer') return configureIfMatch(localHost, url, params, configurator);
  if ((side ?? 'consumer') === 'provider') return configureIfMatch('0.0.0.0', url, params, configurator);
  return params;
}

function configureIfMatch(
  host: string,
  url: ConfigurableUrl,
  params: Readonly<Record<string, string>>,
  configurator: Configurator,
): Readonly<Record<string, string>> {
  if (configurator.host !== '0.0.0.0' && configurator.host !== host) return params;
  const target = { ...url, params };
  if (!matchesTargets(configurator, target)) return params;
  const rule = configurator.params;
  const removed = new Set(CONDITION_KEYS);
  if (rule.configVersion?.startsWith('v3.0')) {
    if (
      configurator.match &&
      !matchesCondition(configurator.match, {
        host,
        address: url.address,
        serviceKey: serviceKeyOf(target),
        params,
      })
    ) {
      return params;
    }
  } else if (!matchesLegacyConditions(configurator, params, removed)) {
    return params;
  }
  const changes = Object.entries(rule).filter(([key]) => !removed.has(key));
  const next: Record<string, string> = { ...params };
  for (const [key, value] of changes) {
    if (configurator.kind === 'override' || next[key] === undefined) next[key] = value;
  }
  return next;
}

/** Java `isV27ConditionMatchOrUnset`: provider addresses, application and service key. */
function matchesTargets(configurator: Configurator, url: ConfigurableUrl): boolean {
  const providers = configurator.params.providerAddresses;
  if (providers) {
    const ok = providers
      .split(',')
      .some((address) =>
        [url.address, '0.0.0.0', '0.0.0.0:*', `0.0.0.0:${url.port}`, url.host].includes(address),
      );
    if (!ok) return false;
  }
  const application = configurator.params.application;
  if (application !== undefined && application !== '*' && application !== url.params.application)
    return false;
  return configurator.serviceKey === '*' || configurator.serviceKey === serviceKeyOf(url);
}

/** Java `isDeprecatedConditionMatch`: `~key`, `application` and `side` must equal the URL's. */
function matchesLegacyConditions(
  configurator: Configurator,
  params: Readonly<Record<string, string>>,
  removed: Set<string>,
): boolean {
  for (const [key, value] of Object.entries(configurator.params)) {
    const tilde = key.startsWith('~');
    if (!tilde && key !== 'application' && key !== 'side') continue;
    if (tilde) removed.add(key);
    if (value !== '*' && value !== params[tilde ? key.slice(1) : key]) return false;
  }
  return true;
}
