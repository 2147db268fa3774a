import { type RuleDocument, ruleError } from '../rules/rule-document.js';
import type { Configurator } from './configurator.js';
import { type Fail, parseConditionMatch } from './parse-condition-match.js';

/** A parsed configurator rule document (governance.md §4). */
export interface ConfiguratorRule {
  readonly scope: 'service' | 'application';
  /** The service (`[group/]iface[:version]`) or application the rule is about. */
  readonly key: string;
  readonly enabled: boolean;
  /** In Java's order within the document, before sorting. */
  readonly configurators: readonly Configurator[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

function stringList(value: unknown, path: string, fail: Fail): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return fail(path, 'must be a list');
  return value.map((item, index) => scalar(item) ?? fail(`${path}[${index}]`, 'must be a string'));
}

function bool(value: unknown, path: string, fail: Fail): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return fail(path, 'must be true or false');
}

/** Java `appendService`: `[group/]iface[:version]` → path, group, version. */
function serviceParts(service: string): { path: string; group?: string; version?: string } {
  let rest = service;
  let group: string | undefined;
  let version: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    group = rest.slice(0, slash);
    rest = rest.slice(slash + 1);
  }
  const colon = rest.indexOf(':');
  if (colon > 0) {
    version = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { path: rest, group, version };
}

function hostAndPort(address: string): { host: string; port: number } {
  const match = /^(.*):(\d+)$/.exec(address);
  return match ? { host: match[1]!, port: Number(match[2]) } : { host: address, port: 0 };
}

/**
 * Parses a configurator rule document into configurators, as Java ConfigParser turns it into
 * `override://` URLs: one per address (default `0.0.0.0`) and, for application scope, per service
 * (default `*`) with `application=<key>`; service scope takes one per listed application. A missing
 * `configVersion` counts as v3.0 here (as for condition rules, governance.md §3.3). Throws a
 * RuleError naming the key for anything Java would reject or misread.
 */
export function parseConfiguratorRule(document: RuleDocument): ConfiguratorRule {
  const fail: Fail = (keyPath, problem) => {
    throw ruleError(document, keyPath, problem);
  };
  const value = document.value;
  const configVersion = scalar(value.configVersion) ?? 'v3.0';
  const scopeValue = value.scope ?? 'service';
  if (scopeValue !== 'service' && scopeValue !== 'application')
    fail('scope', 'must be service or application');
  const scope = scopeValue as 'service' | 'application';
  const key = scalar(value.key);
  if (!key) fail('key', 'is required: the service or application the rule configures');
  const enabled = bool(value.enabled, 'enabled', fail) ?? true;
  if (!Array.isArray(value.configs)) fail('configs', 'must be a list of items');
  const configurators: Configurator[] = [];
  (value.configs as unknown[]).forEach((item, index) => {
    const at = `configs[${index}]`;
    if (!isRecord(item)) fail(at, 'must be a mapping');
    const side = item.side === undefined || item.side === null ? undefined : scalar(item.side);
    if (side !== undefined && side !== 'consumer' && side !== 'provider')
      fail(`${at}.side`, 'must be consumer or provider');
    if (!isRecord(item.parameters) || Object.keys(item.parameters).length === 0) {
      fail(`${at}.parameters`, 'needs at least one parameter to change');
    }
    const parameters: Record<string, string> = {};
    for (const [name, raw] of Object.entries(item.parameters as Record<string, unknown>)) {
      parameters[name] =
        scalar(raw) ?? fail(`${at}.parameters.${name}`, 'must be a string, number or boolean');
    }
    const addresses = stringList(item.addresses, `${at}.addresses`, fail);
    const providerAddresses = stringList(item.providerAddresses, `${at}.providerAddresses`, fail);
    const services = stringList(item.services, `${at}.services`, fail);
    const applications = stringList(item.applications, `${at}.applications`, fail);
    const itemEnabled = bool(item.enabled, `${at}.enabled`, fail);
    const type = item.type === undefined ? undefined : scalar(item.type);
    // Java: an item's own `enabled` counts only when its `type` is set and not `general`.
    const on = type === undefined || type === 'general' ? enabled : (itemEnabled ?? true);
    const match = parseConditionMatch(item.match, `${at}.match`, fail);
    const hosts = addresses && addresses.length > 0 ? addresses : ['0.0.0.0'];
    const base: Record<string, string> = {
      category: 'dynamicconfigurators',
      ...(side ? { side } : {}),
      ...parameters,
    };
    const targets = providerAddresses?.length ? providerAddresses : side === 'provider' ? hosts : undefined;
    if (targets) base.providerAddresses = targets.join(',');
    for (const address of hosts) {
      const { host, port } = hostAndPort(address);
      const perService = scope === 'application' ? (services?.length ? services : ['*']) : [key!];
      const perApp = scope === 'application' ? [key!] : applications?.length ? applications : [undefined];
      for (const service of perService) {
        const { path, group, version } = serviceParts(service);
        for (const application of perApp) {
          const params: Record<string, string> = {
            ...base,
            ...(group ? { group } : {}),
            ...(version ? { version } : {}),
            enabled: String(on),
            configVersion,
            ...(application ? { application } : {}),
            ...(scope === 'application' ? { category: 'appdynamicconfigurators' } : {}),
          };
          const serviceKey =
            path === '*' ? '*' : `${group ? `${group}/` : ''}${path}${version ? `:${version}` : ''}`;
          configurators.push({
            kind: 'override',
            host,
            port,
            serviceKey,
            params,
            match,
            origin: `${document.file}, document ${document.documentIndex}, ${at}`,
          });
        }
      }
    }
  });
  return { scope, key: key!, enabled, configurators };
}
