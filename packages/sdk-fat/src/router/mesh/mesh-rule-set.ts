import type { RuleDocument } from '../../rules/rule-document.js';
import { parseDubboDestinationRule, parseDubboVirtualService, resourceName } from './mesh-resource-parser.js';
import type {
  DubboDestinationRule,
  DubboRouteDestination,
  DubboSubset,
  DubboVirtualService,
  MeshAppRules,
  MeshRuleSet,
} from './mesh-rule-model.js';
import { childPath, indexPath, RuleReader } from './rule-reader.js';

/**
 * Reads the Dubbo mesh rules among `documents` (other kinds are skipped) and groups them by provider
 * application, the `metadata.name` (governance.md §3.6). Throws a RuleError for a VirtualService
 * without a DestinationRule of the same application or the reverse (Java's VsDestinationGroup
 * drops such a group silently), and for a destination naming a subset no DestinationRule defines.
 */
export function parseMeshRules(documents: readonly RuleDocument[]): MeshRuleSet {
  const groups = new Map<string, { vs: DubboVirtualService[]; dr: DubboDestinationRule[] }>();
  const ignored: { document: RuleDocument; reason: string }[] = [];
  for (const document of documents) {
    if (document.kind !== 'dubbo-virtual-service' && document.kind !== 'dubbo-destination-rule') continue;
    const name = resourceName(new RuleReader(document));
    if (name.includes('.')) {
      // MeshAppRuleListener.computeRuleType: a dotted name addresses the router named after the dot.
      ignored.push({
        document,
        reason: `metadata.name ${name} addresses mesh router "${name.slice(name.indexOf('.') + 1)}", not the standard one`,
      });
      continue;
    }
    let group = groups.get(name);
    if (!group) {
      group = { vs: [], dr: [] };
      groups.set(name, group);
    }
    if (document.kind === 'dubbo-virtual-service') group.vs.push(parseDubboVirtualService(document));
    else group.dr.push(parseDubboDestinationRule(document));
  }
  const applications: MeshAppRules[] = [];
  for (const [application, { vs, dr }] of groups) {
    if (dr.length === 0) {
      throw new RuleReader(vs[0]!.document).error(
        'metadata.name',
        `VirtualService for application ${application} has no DestinationRule with the same metadata.name`,
      );
    }
    if (vs.length === 0) {
      throw new RuleReader(dr[0]!.document).error(
        'metadata.name',
        `DestinationRule for application ${application} has no VirtualService with the same metadata.name`,
      );
    }
    const subsets = collectSubsets(dr);
    for (const service of vs) checkSubsetReferences(service, subsets, application);
    applications.push({ application, virtualServices: vs, destinationRules: dr, subsets });
  }
  return { applications, ignored };
}

function collectSubsets(rules: readonly DubboDestinationRule[]): ReadonlyMap<string, DubboSubset> {
  const subsets = new Map<string, DubboSubset>();
  for (const rule of rules) {
    rule.subsets.forEach((subset, i) => {
      if (subsets.has(subset.name)) {
        throw new RuleReader(rule.document).error(
          childPath(indexPath('spec.subsets', i), 'name'),
          `subset ${subset.name} is already defined by another DestinationRule of application ${rule.name}`,
        );
      }
      subsets.set(subset.name, subset);
    });
  }
  return subsets;
}

function checkSubsetReferences(
  service: DubboVirtualService,
  subsets: ReadonlyMap<string, DubboSubset>,
  application: string,
): void {
  const reader = new RuleReader(service.document);
  service.dubbo.forEach((route, r) => {
    route.routedetail.forEach((detail, d) => {
      detail.route.forEach((destination, i) => {
        let path = indexPath(`${indexPath(`${indexPath('spec.dubbo', r)}.routedetail`, d)}.route`, i);
        let current: DubboRouteDestination | undefined = destination;
        while (current) {
          const subset = current.destination.subset;
          if (!subsets.has(subset)) {
            throw reader.error(
              `${path}.destination.subset`,
              `subset ${subset} is not defined by any DestinationRule of application ${application}`,
            );
          }
          current = current.destination.fallback;
          path = `${path}.destination.fallback`;
        }
      });
    });
  });
}
