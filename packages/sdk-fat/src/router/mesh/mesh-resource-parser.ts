import type { RuleDocument } from '../../rules/rule-document.js';
import { parseDubboMatchRequest } from './mesh-match-parser.js';
import type {
  DubboDestination,
  DubboDestinationRule,
  DubboRoute,
  DubboRouteDestination,
  DubboRouteDetail,
  DubboVirtualService,
} from './mesh-rule-model.js';
import { childPath, indexPath, RuleReader } from './rule-reader.js';
import { parseStringMatch } from './string-match.js';

/** `metadata.name` of a resource: the provider application a mesh rule belongs to (governance.md §3.6). */
export function resourceName(reader: RuleReader): string {
  const metadata = reader.record(reader.document.value.metadata, 'metadata');
  return reader.string(metadata.name, 'metadata.name');
}

function specOf(reader: RuleReader): Readonly<Record<string, unknown>> {
  const { apiVersion } = reader.document.value;
  if (apiVersion !== 'service.dubbo.apache.org/v1alpha1') {
    throw reader.error(
      'apiVersion',
      `expected service.dubbo.apache.org/v1alpha1, found ${JSON.stringify(apiVersion)}`,
    );
  }
  return reader.record(reader.document.value.spec, 'spec');
}

/** Reads a `dubbo-virtual-service` document. */
export function parseDubboVirtualService(document: RuleDocument): DubboVirtualService {
  const reader = new RuleReader(document);
  const name = resourceName(reader);
  const spec = specOf(reader);
  reader.onlyKeys(spec, 'spec', ['hosts', 'dubbo']);
  const hosts = reader
    .list(spec.hosts, 'spec.hosts')
    .map((h, i) => reader.string(h, indexPath('spec.hosts', i)));
  const routes = reader.list(spec.dubbo, 'spec.dubbo');
  if (routes.length === 0) throw reader.error('spec.dubbo', 'give at least one route');
  return {
    name,
    hosts,
    dubbo: routes.map((r, i) => parseRoute(reader, r, indexPath('spec.dubbo', i))),
    document,
  };
}

function parseRoute(reader: RuleReader, value: unknown, path: string): DubboRoute {
  const record = reader.record(value, path);
  reader.onlyKeys(record, path, ['name', 'services', 'routedetail']);
  const servicesPath = childPath(path, 'services');
  const detailPath = childPath(path, 'routedetail');
  const details = reader.list(record.routedetail, detailPath);
  if (details.length === 0) throw reader.error(detailPath, 'give at least one route detail');
  return {
    name: reader.optionalString(record.name, childPath(path, 'name')),
    services: reader
      .list(record.services, servicesPath)
      .map((m, i) => parseStringMatch(reader, m, indexPath(servicesPath, i), 'dubbo')),
    routedetail: details.map((d, i) => parseRouteDetail(reader, d, indexPath(detailPath, i))),
  };
}

function parseRouteDetail(reader: RuleReader, value: unknown, path: string): DubboRouteDetail {
  const record = reader.record(value, path);
  reader.onlyKeys(record, path, ['name', 'match', 'route', 'throwExceptionIfNotMatched']);
  const matchPath = childPath(path, 'match');
  const routePath = childPath(path, 'route');
  const route = reader.list(record.route, routePath);
  if (route.length === 0) throw reader.error(routePath, 'give at least one destination');
  return {
    name: reader.optionalString(record.name, childPath(path, 'name')),
    match: reader
      .list(record.match, matchPath)
      .map((m, i) => parseDubboMatchRequest(reader, m, indexPath(matchPath, i))),
    route: route.map((r, i) => parseRouteDestination(reader, r, indexPath(routePath, i))),
    throwExceptionIfNotMatched:
      reader.optionalBoolean(
        record.throwExceptionIfNotMatched,
        childPath(path, 'throwExceptionIfNotMatched'),
      ) ?? false,
  };
}

function parseRouteDestination(reader: RuleReader, value: unknown, path: string): DubboRouteDestination {
  const record = reader.record(value, path);
  reader.onlyKeys(record, path, ['destination', 'weight']);
  const destinationPath = childPath(path, 'destination');
  return {
    destination: parseDestination(reader, record.destination, destinationPath),
    weight: reader.optionalCount(record.weight, childPath(path, 'weight')) ?? 0,
  };
}

function parseDestination(reader: RuleReader, value: unknown, path: string): DubboDestination {
  const record = reader.record(value, path);
  reader.onlyKeys(record, path, ['host', 'subset', 'port', 'fallback'], {
    // The docs put weight inside destination; Java reads it beside it (governance.md §10.2, §11.1).
    weight: 'weight belongs beside destination, not inside it',
  });
  const fallbackPath = childPath(path, 'fallback');
  return {
    host: reader.optionalString(record.host, childPath(path, 'host')),
    subset: reader.string(record.subset, childPath(path, 'subset')),
    port: reader.optionalCount(record.port, childPath(path, 'port')),
    fallback:
      record.fallback === undefined || record.fallback === null
        ? undefined
        : parseRouteDestination(reader, record.fallback, fallbackPath),
  };
}

/** Reads a `dubbo-destination-rule` document; `trafficPolicy` is accepted and unused, as in Java. */
export function parseDubboDestinationRule(document: RuleDocument): DubboDestinationRule {
  const reader = new RuleReader(document);
  const name = resourceName(reader);
  const spec = specOf(reader);
  reader.onlyKeys(spec, 'spec', ['host', 'subsets', 'trafficPolicy']);
  const subsetsPath = 'spec.subsets';
  const seen = new Set<string>();
  const subsets = reader.list(spec.subsets, subsetsPath).map((value, i) => {
    const path = indexPath(subsetsPath, i);
    const record = reader.record(value, path);
    reader.onlyKeys(record, path, ['name', 'labels', 'trafficPolicy']);
    const subsetName = reader.string(record.name, childPath(path, 'name'));
    if (seen.has(subsetName))
      throw reader.error(childPath(path, 'name'), `subset ${subsetName} is defined twice`);
    seen.add(subsetName);
    return { name: subsetName, labels: reader.stringMap(record.labels, childPath(path, 'labels')) };
  });
  return { name, host: reader.optionalString(spec.host, 'spec.host') ?? name, subsets, document };
}
