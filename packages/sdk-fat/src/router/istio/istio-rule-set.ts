import type { RuleDocument } from '../../rules/rule-document.js';
import { childPath, indexPath, RuleReader } from '../mesh/rule-reader.js';
import { type DestinationPolicy, overridePolicy } from './destination-policy.js';
import { hostName } from './istio-host.js';
import { parseIstioDestinationRule, parseIstioVirtualService } from './istio-resource-parser.js';
import type { IstioDestinationRule, IstioRuleSet, IstioVirtualService } from './istio-rule-model.js';

/**
 * Reads the Istio VirtualServices and DestinationRules among `documents` (other kinds are skipped;
 * governance.md §8, §11.8). Throws a RuleError for two DestinationRules of one host and for a
 * destination whose subset no DestinationRule of its host defines (Istio accepts both and then
 * fails the requests with 503; `istioctl analyze` warns).
 */
export function parseIstioRules(documents: readonly RuleDocument[]): IstioRuleSet {
  const virtualServices: IstioVirtualService[] = [];
  const destinationRules = new Map<string, IstioDestinationRule>();
  for (const document of documents) {
    if (document.kind === 'istio-virtual-service') virtualServices.push(parseIstioVirtualService(document));
    if (document.kind !== 'istio-destination-rule') continue;
    const rule = parseIstioDestinationRule(document);
    const previous = destinationRules.get(rule.hostName);
    if (previous) {
      throw new RuleReader(document).error(
        'spec.host',
        `host ${rule.host} already has DestinationRule ${previous.name} (${previous.document.file})`,
      );
    }
    destinationRules.set(rule.hostName, rule);
  }
  for (const service of virtualServices) checkSubsets(service, destinationRules);
  return { virtualServices, destinationRules };
}

function checkSubsets(service: IstioVirtualService, rules: ReadonlyMap<string, IstioDestinationRule>): void {
  service.http.forEach((http, h) => {
    http.route.forEach((destination, d) => {
      if (
        destination.subset === undefined ||
        rules.get(destination.hostName)?.subsets.has(destination.subset)
      )
        return;
      const path = childPath(indexPath(`${indexPath('spec.http', h)}.route`, d), 'destination.subset');
      throw new RuleReader(service.document).error(
        path,
        `no DestinationRule for host ${destination.host} defines subset ${destination.subset}`,
      );
    });
  });
}

/**
 * The `trafficPolicy` for calls to `serviceName` of `application`, for the balancer and outlier
 * ejection code: the DestinationRule of the service, else of the application (§11.8), with the
 * subset's own policy over it when `subset` is given. Undefined when no rule sets one.
 */
export function destinationPolicyFor(
  ruleSet: IstioRuleSet,
  serviceName: string,
  application: string,
  subset?: string,
): DestinationPolicy | undefined {
  const rule =
    ruleSet.destinationRules.get(hostName(serviceName)) ??
    ruleSet.destinationRules.get(hostName(application));
  if (rule === undefined) return undefined;
  return overridePolicy(rule.policy, subset === undefined ? undefined : rule.subsets.get(subset)?.policy);
}
