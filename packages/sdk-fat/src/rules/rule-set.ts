import { parseConfiguratorRule } from '../directory/configurator-rule.js';
import type { Provider } from '../provider/provider.js';
import { createConditionRouter } from '../router/condition/condition-router.js';
import { parseConditionRule } from '../router/condition/parse-condition-rule.js';
import { createIstioRouter } from '../router/istio/istio-router.js';
import type { IstioRuleSet } from '../router/istio/istio-rule-model.js';
import { parseIstioRules } from '../router/istio/istio-rule-set.js';
import { createMeshRouter } from '../router/mesh/mesh-router.js';
import { parseMeshRules } from '../router/mesh/mesh-rule-set.js';
import type { Router } from '../router/router.js';
import { RouterChain } from '../router/router-chain.js';
import { parseTagRule } from '../router/tag/parse-tag-rule.js';
import { createTagRouter } from '../router/tag/tag-router.js';
import type { TagRule } from '../router/tag/tag-rule.js';
import { createLaneRouter, type LaneRouterOptions } from '../router/traffic-label/lane-router.js';
import { parseTrafficLabels, type TrafficLabelSet } from '../router/traffic-label/traffic-label-set.js';
import type { RuleDocument } from './rule-document.js';
import { RuleError } from './rule-error.js';

/** Everything the rules of one client (or one sidecar) decide, built once per rule change. */
export interface RuleSet {
  readonly chain: RouterChain;
  /** Override rules, applied by the directory (governance.md §4). */
  readonly configurators: readonly RuleDocument[];
  /** Istio resources, for DestinationRule traffic policies (balancer, outlier detection). */
  readonly istio: IstioRuleSet;
  readonly trafficLabels: TrafficLabelSet;
  /** Non-fatal findings (old-style rule keys), for logs. */
  readonly warnings: readonly string[];
  readonly documents: readonly RuleDocument[];
}

export interface RuleSetOptions {
  random: () => number;
  /** Lanes routed on a header (TrafficLabel, traffic-label.md); off when undefined. */
  lanes?: LaneRouterOptions;
  /** Outlier detection's view, so Istio locality failover skips ejected providers. */
  isHealthy?: (provider: Provider) => boolean;
  healthVersion?: () => number;
  /** Condition rules whose matcher failed on a call (the input is kept); for logs and metrics. */
  onRouterError?: (error: unknown, condition: string) => void;
}

/**
 * Builds the router chain from rule documents (every kind of cli.md "Rules files"). All documents
 * are validated before anything is built, so a bad document throws a RuleError naming its file,
 * document, line and key, and the caller keeps its previous RuleSet in force.
 */
export function buildRuleSet(documents: readonly RuleDocument[], options: RuleSetOptions): RuleSet {
  const routers: Router[] = [];
  const warnings: string[] = [];
  let tagRules: TagRule[] = [];
  for (const document of documents) {
    if (document.kind === 'condition') {
      const { rule, warnings: found } = parseConditionRule(document);
      warnings.push(...found);
      if (!rule.enabled) continue;
      const routerOptions = {
        random: options.random,
        ...(options.onRouterError ? { onError: options.onRouterError } : {}),
      };
      routers.push(createConditionRouter(rule, routerOptions));
      // An application-scoped rule read from a file does not say whether its key names the consumer
      // or the provider application (in ZooKeeper the node's key does): apply it as both; each
      // applies only when its application matches.
      if (rule.scope === 'application') {
        routers.push(createConditionRouter(rule, { ...routerOptions, providerApplication: true }));
      }
    } else if (document.kind === 'tag') {
      tagRules = [...tagRules, parseTagRule(document)];
    } else if (document.kind === 'configurator') {
      // Applied later by each directory; parsed here too, so a broken one is rejected with the rest
      // of its file (naming its key) while the previous rules are still in force.
      parseConfiguratorRule(document);
    }
  }
  const mesh = parseMeshRules(documents.filter((d) => d.kind.startsWith('dubbo-')));
  const istio = parseIstioRules(documents.filter((d) => d.kind.startsWith('istio-')));
  const trafficLabels = parseTrafficLabels(documents.filter((d) => d.kind === 'traffic-label'));
  if (mesh.applications.length > 0) routers.push(createMeshRouter(mesh, { random: options.random }));
  if (istio.virtualServices.length > 0 || istio.destinationRules.size > 0) {
    routers.push(
      createIstioRouter(istio, {
        random: options.random,
        ...(options.isHealthy ? { isHealthy: options.isHealthy } : {}),
        ...(options.healthVersion ? { healthVersion: options.healthVersion } : {}),
      }),
    );
  }
  if (options.lanes) routers.push(createLaneRouter(options.lanes));
  routers.push(...tagRouters(tagRules));
  return {
    chain: new RouterChain(routers),
    configurators: documents.filter((d) => d.kind === 'configurator'),
    istio,
    trafficLabels,
    warnings,
    documents,
  };
}

/**
 * The tag router always runs: without a rule it still applies static `dubbo.tag` semantics
 * (governance.md §3.5). A rule is per provider application, so one router per rule, and the
 * static router for providers of applications without one.
 */
function tagRouters(rules: readonly TagRule[]): Router[] {
  const enabled = rules.filter((rule) => rule.enabled);
  const keys = new Set<string>();
  for (const rule of enabled) {
    if (keys.has(rule.key)) {
      throw new RuleError(`a second tag rule for application ${rule.key}`, { file: rule.source, key: 'key' });
    }
    keys.add(rule.key);
  }
  if (enabled.length === 0) return [createTagRouter(undefined)];
  if (enabled.length === 1) return [createTagRouter(enabled[0])];
  return [combinedTagRouter(enabled)];
}

/** Several tag rules: each applies to its own application's providers; the others pass through it. */
function combinedTagRouter(rules: readonly TagRule[]): Router {
  const routers = rules.map((rule) => createTagRouter(rule));
  return {
    name: 'tag',
    priority: routers[0]!.priority,
    route(providers, invocation, explain) {
      let current = providers;
      for (const router of routers) current = router.route(current, invocation, explain);
      return current;
    },
  };
}
