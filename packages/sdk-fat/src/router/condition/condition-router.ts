import type { Invocation } from '../../invocation.js';
import { type Provider, providerParam } from '../../provider/provider.js';
import type { ProviderSet } from '../../provider/provider-set.js';
import type { Router } from '../router.js';
import {
  type ClauseContext,
  type ClauseRoute,
  compileClauseRoute,
  compileMultiDestinationRoute,
} from './clause-route.js';
import type { ConditionRule } from './condition-rule.js';

/** Java's chain order (governance.md §3.2). */
export const SERVICE_CONDITION_PRIORITY = 140;
export const PROVIDER_APP_CONDITION_PRIORITY = 145;
export const CONSUMER_APP_CONDITION_PRIORITY = 150;

/** How a condition router chooses (v3.1), which application key it reads, and where failures go. */
export interface ConditionRouterOptions {
  /** In [0, 1): chooses v3.1 destinations. Injected so tests are deterministic. */
  readonly random: () => number;
  /**
   * For an application-scope rule: the key names the providers' application (the provider-app
   * router, `<provider app>.condition-router`) instead of the consumer's. Ignored for service scope.
   */
  readonly providerApplication?: boolean;
  /**
   * Called when matching throws (e.g. an argument that cannot be printed); the entry then keeps
   * its input. Default: one process warning per entry.
   */
  readonly onError?: (error: unknown, condition: string) => void;
}

let routerCount = 0;

/**
 * A router for one condition rule (governance.md §3.3, §3.4). It is a no-op for invocations the
 * rule does not address (another service, consumer app or provider app) and when the rule is
 * disabled; otherwise its entries apply one after another. Which providers a then side keeps is
 * computed once per provider set, so a call costs only the when side and cache lookups.
 */
export function createConditionRouter(rule: ConditionRule, options: ConditionRouterOptions): Router {
  const id = `condition#${++routerCount}`;
  const byProviderApp = rule.scope === 'application' && options.providerApplication === true;
  const priority =
    rule.scope === 'service'
      ? SERVICE_CONDITION_PRIORITY
      : byProviderApp
        ? PROVIDER_APP_CONDITION_PRIORITY
        : CONSUMER_APP_CONDITION_PRIORITY;
  const applies =
    rule.scope === 'service'
      ? addressesService(rule.key)
      : byProviderApp
        ? addressesProviderApp(rule.key, id)
        : addressesConsumerApp(rule.key);
  const report = options.onError ?? warnOnce(rule.source);
  const context = (i: number): ClauseContext => ({
    cacheKey: `${id}/${i}`,
    force: rule.force,
    random: options.random,
    report,
  });
  const clauses: readonly ClauseRoute[] =
    rule.configVersion === 'v3.1'
      ? rule.conditions.map((clause, i) => compileMultiDestinationRoute(clause, context(i)))
      : rule.conditions.map((clause, i) => compileClauseRoute(clause, context(i)));
  return {
    name: 'condition',
    priority,
    route(providers, invocation, explain) {
      if (!rule.enabled || providers.size === 0 || !applies(providers, invocation)) return providers;
      let current = providers;
      for (const clause of clauses) {
        // Java returns an empty input directly, so later entries cannot act on it.
        if (current.size === 0) break;
        current = clause(current, invocation, explain);
      }
      return current;
    },
  };
}

type Applies = (providers: ProviderSet, invocation: Invocation) => boolean;

/** `iface:version:group` equals the invocation's service key, absent parts empty (governance.md §3.1). */
function addressesService(key: string): Applies {
  const parts = key.split(':');
  if (parts.length !== 3) return () => false;
  const [serviceName, version, group] = parts as [string, string, string];
  return (_providers, { service }) =>
    service.serviceName === serviceName &&
    (service.version ?? '') === version &&
    (service.group ?? '') === group;
}

function addressesConsumerApp(application: string): Applies {
  return (_providers, invocation) => invocation.consumer.application === application;
}

/**
 * Java's ProviderAppStateRouter reads the rule of the providers' application; here the rule
 * applies when any provider of the set belongs to that application (cached per provider set).
 */
function addressesProviderApp(application: string, id: string): Applies {
  const key = `${id}/application`;
  const belongs = (provider: Provider) =>
    (providerParam(provider, 'application') ?? providerParam(provider, 'remote.application')) === application;
  return (providers) => providers.derive(key, belongs).size > 0;
}

function warnOnce(source: string): (error: unknown, condition: string) => void {
  const warned = new Set<string>();
  return (error, condition) => {
    if (warned.has(condition)) return;
    warned.add(condition);
    const reason = error instanceof Error ? error.message : String(error);
    process.emitWarning(
      `condition ${JSON.stringify(condition)} (${source}) failed and kept its providers: ${reason}`,
      {
        code: 'DUBBO_MESH_CONDITION_ROUTER',
      },
    );
  };
}
