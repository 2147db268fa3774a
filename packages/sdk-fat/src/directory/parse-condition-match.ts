import type { AddressMatch, ConditionMatch, StringMatch } from './configurator-match.js';

/** Reports a problem at a key path of a rule document; never returns (it throws a RuleError). */
export type Fail = (keyPath: string, problem: string) => never;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

const STRING_MATCH_KEYS = ['exact', 'prefix', 'regex', 'wildcard', 'empty', 'noempty'] as const;
const ADDRESS_MATCH_KEYS = ['cird', 'wildcard', 'exact'] as const;

function fields<K extends string>(
  value: unknown,
  keys: readonly K[],
  path: string,
  fail: Fail,
): Partial<Record<K, string>> {
  if (!isRecord(value)) return fail(path, `must be a mapping with one of ${keys.join(', ')}`);
  const result: Partial<Record<K, string>> = {};
  for (const key of Object.keys(value)) {
    if (!(keys as readonly string[]).includes(key))
      fail(`${path}.${key}`, `unknown field; expected one of ${keys.join(', ')}`);
    result[key as K] = scalar(value[key]) ?? fail(`${path}.${key}`, 'must be a string');
  }
  if (Object.keys(result).length === 0) fail(path, `needs one of ${keys.join(', ')}`);
  return result;
}

function stringMatch(value: unknown, path: string, fail: Fail): StringMatch {
  return fields(value, STRING_MATCH_KEYS, path, fail);
}

function addressMatch(value: unknown, path: string, fail: Fail): AddressMatch {
  return fields(value, ADDRESS_MATCH_KEYS, path, fail);
}

function listStringMatch(value: unknown, path: string, fail: Fail): { oneof: StringMatch[] } {
  if (!isRecord(value) || !Array.isArray(value.oneof))
    return fail(path, 'must be a mapping with a oneof list');
  return { oneof: value.oneof.map((one, index) => stringMatch(one, `${path}.oneof[${index}]`, fail)) };
}

/**
 * Reads the v3.0 `match` of a configurator item (Java ConditionMatch): `address`,
 * `providerAddress` (AddressMatch `cird|wildcard|exact`), `service`, `app` (`oneof` StringMatch
 * lists) and `param` — the names the code reads, not the docs' `application` (governance.md
 * §10.1, §11.1). Unknown fields are errors so a misspelt condition cannot silently match all.
 */
export function parseConditionMatch(value: unknown, path: string, fail: Fail): ConditionMatch | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) return fail(path, 'must be a mapping');
  const known = ['address', 'providerAddress', 'service', 'app', 'param'];
  for (const key of Object.keys(value)) {
    if (!known.includes(key))
      fail(
        `${path}.${key}`,
        `unknown field; expected ${known.join(', ')}${key === 'application' ? ' (Dubbo reads app)' : ''}`,
      );
  }
  const param = value.param;
  if (param !== undefined && !Array.isArray(param)) fail(`${path}.param`, 'must be a list of {key, value}');
  return {
    address: value.address === undefined ? undefined : addressMatch(value.address, `${path}.address`, fail),
    providerAddress:
      value.providerAddress === undefined
        ? undefined
        : addressMatch(value.providerAddress, `${path}.providerAddress`, fail),
    service:
      value.service === undefined ? undefined : listStringMatch(value.service, `${path}.service`, fail),
    app: value.app === undefined ? undefined : listStringMatch(value.app, `${path}.app`, fail),
    param: Array.isArray(param)
      ? param.map((entry: unknown, index) => {
          const at = `${path}.param[${index}]`;
          if (!isRecord(entry)) return fail(at, 'must be a mapping with key and value');
          const key = scalar(entry.key) ?? fail(`${at}.key`, 'must be a string');
          return { key, value: stringMatch(entry.value, `${at}.value`, fail) };
        })
      : undefined,
  };
}
