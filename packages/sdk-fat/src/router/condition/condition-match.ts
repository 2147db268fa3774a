import type { Invocation } from '../../invocation.js';
import type { Provider } from '../../provider/provider.js';
import type { ConditionExpression, ConditionKey, KeyCondition } from './condition-expression.js';

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Whether the invocation satisfies a when side (governance.md §3.3): keys read the invoked method,
 * arguments, attachments, and the consumer URL (its params, `application`, and `host` = the
 * consumer's own host). An empty expression always matches.
 */
export function matchesWhen(expression: ConditionExpression, invocation: Invocation): boolean {
  for (const condition of expression.conditions) {
    if (!matchesKey(condition, whenValue(condition.key, invocation), NO_PARAMS)) return false;
  }
  return true;
}

/**
 * Whether a provider satisfies a then side: keys read the provider URL's params and its synthetic
 * `protocol`, `host`, `port`, `path`, `address`; `$name` values read `consumerParams`.
 */
export function matchesThen(
  expression: ConditionExpression,
  provider: Provider,
  consumerParams: Readonly<Record<string, string>>,
): boolean {
  for (const condition of expression.conditions) {
    const value = condition.key.kind === 'param' ? providerValue(provider, condition.key.name) : undefined;
    if (!matchesKey(condition, value, consumerParams)) return false;
  }
  return true;
}

/**
 * Java's AbstractConditionMatcher.isMatch: a missing value never matches; `!=` values are checked
 * first and exclude; then, if there are `=` values, one must match.
 */
function matchesKey(
  condition: KeyCondition,
  value: string | undefined,
  consumerParams: Readonly<Record<string, string>>,
): boolean {
  if (value === undefined) return false;
  for (const pattern of condition.mismatches) {
    if (pattern.test(value, consumerParams)) return false;
  }
  if (condition.matches.length === 0) return true;
  for (const pattern of condition.matches) {
    if (pattern.test(value, consumerParams)) return true;
  }
  return false;
}

function whenValue(key: ConditionKey, invocation: Invocation): string | undefined {
  switch (key.kind) {
    case 'argument': {
      const args = invocation.args;
      // Unknown arguments (the sidecar never decodes bodies) or too few: the key is missing.
      return args === undefined || key.index >= args.length ? undefined : javaString(args[key.index]);
    }
    case 'attachment':
      return ownValue(invocation.attachments, key.name);
    case 'param':
      return consumerValue(invocation, key.name);
  }
}

/** The consumer URL as Java's when side sees it: `consumer://<host>/<interface>?application=...&...`. */
function consumerValue(invocation: Invocation, name: string): string | undefined {
  const { consumer, service } = invocation;
  switch (name) {
    case 'method':
    case 'methods':
      return invocation.method;
    case 'host':
    case 'address':
      return consumer.host;
    case 'protocol':
      return 'consumer';
  }
  const param = ownValue(consumer.params, name);
  if (param !== undefined) return param;
  switch (name) {
    case 'application':
      return consumer.application;
    case 'interface':
    case 'path':
      return service.serviceName;
    case 'version':
      return service.version || undefined;
    case 'group':
      return service.group || undefined;
  }
  return undefined;
}

function providerValue(provider: Provider, name: string): string | undefined {
  switch (name) {
    case 'protocol':
      return provider.protocol;
    case 'host':
      return provider.host;
    case 'port':
      return provider.port > 0 ? String(provider.port) : ownValue(provider.params, name);
    case 'path':
      return provider.path;
    case 'address':
      return provider.address;
  }
  return ownValue(provider.params, name);
}

function ownValue(record: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * `String.valueOf(argument)` as Java would print it for the values a JS caller passes: strings
 * as-is, numbers, booleans and bigints in decimal, null/undefined as `null`, other objects as
 * JSON (a cyclic object throws, and the router then keeps its input, governance.md §3.3).
 */
export function javaString(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'symbol':
      return String(value);
    case 'undefined':
      return 'null';
    default:
      return value === null ? 'null' : (JSON.stringify(value) ?? String(value));
  }
}
