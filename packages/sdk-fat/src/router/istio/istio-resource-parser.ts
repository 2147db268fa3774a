import type { RuleDocument } from '../../rules/rule-document.js';
import { childPath, indexPath, RuleReader } from '../mesh/rule-reader.js';
import { ignoringCase, parseStringMatch, type StringMatch } from '../mesh/string-match.js';
import { parseTrafficPolicy } from './destination-policy.js';
import { hostName } from './istio-host.js';
import type {
  IstioDestination,
  IstioDestinationRule,
  IstioHttpMatch,
  IstioHttpRoute,
  IstioSubset,
  IstioVirtualService,
} from './istio-rule-model.js';

const API_VERSIONS = [
  'networking.istio.io/v1alpha3',
  'networking.istio.io/v1beta1',
  'networking.istio.io/v1',
];

/** Fields of HTTPMatchRequest that a Dubbo call cannot answer (governance.md §8); rejected, not ignored. */
const UNAVAILABLE = 'is not known for a Dubbo call before routing; this SDK cannot evaluate it';
const MATCH_HINTS: Readonly<Record<string, string>> = {
  scheme: `scheme ${UNAVAILABLE}`,
  authority: `authority ${UNAVAILABLE}`,
  queryParams: 'queryParams: Triple requests have no query string',
  sourceNamespace: `sourceNamespace ${UNAVAILABLE}; use sourceLabels`,
};

function readHeader(reader: RuleReader): { name: string; spec: Readonly<Record<string, unknown>> } {
  const { apiVersion, metadata } = reader.document.value;
  if (typeof apiVersion !== 'string' || !API_VERSIONS.includes(apiVersion)) {
    throw reader.error(
      'apiVersion',
      `expected one of ${API_VERSIONS.join(', ')}, found ${JSON.stringify(apiVersion)}`,
    );
  }
  const name = reader.string(reader.record(metadata, 'metadata').name, 'metadata.name');
  return { name, spec: reader.record(reader.document.value.spec, 'spec') };
}

/** Reads an `istio-virtual-service` document. */
export function parseIstioVirtualService(document: RuleDocument): IstioVirtualService {
  const reader = new RuleReader(document);
  const { name, spec } = readHeader(reader);
  const hosts = reader
    .list(spec.hosts, 'spec.hosts')
    .map((h, i) => reader.string(h, indexPath('spec.hosts', i)));
  if (hosts.length === 0) throw reader.error('spec.hosts', 'give at least one host');
  const gateways = reader
    .list(spec.gateways, 'spec.gateways')
    .map((g, i) => reader.string(g, indexPath('spec.gateways', i)));
  return {
    name,
    hosts,
    hostNames: new Set(hosts.map(hostName)),
    appliesToMesh: gateways.length === 0 || gateways.includes('mesh'),
    http: reader
      .list(spec.http, 'spec.http')
      .map((r, i) => parseHttpRoute(reader, r, indexPath('spec.http', i))),
    document,
  };
}

function parseHttpRoute(reader: RuleReader, value: unknown, path: string): IstioHttpRoute {
  const record = reader.record(value, path);
  const matchPath = childPath(path, 'match');
  const routePath = childPath(path, 'route');
  const entries = reader.list(record.route, routePath);
  if (entries.length === 0) {
    throw reader.error(
      routePath,
      'give at least one destination (redirect, directResponse and delegate do not apply to Dubbo calls)',
    );
  }
  const parsed = entries.map((e, i) => parseDestination(reader, e, indexPath(routePath, i)));
  const allLeftOut = parsed.every((d) => d.weight === undefined);
  // One destination takes all traffic (Istio); several without weights share equally; a weight left
  // out beside given ones is 0.
  const route = parsed.map((d) => ({
    ...d,
    weight: parsed.length === 1 ? 100 : allLeftOut ? 1 : (d.weight ?? 0),
  }));
  if (route.every((d) => d.weight === 0)) throw reader.error(routePath, 'the weights add up to 0');
  return {
    name: reader.optionalString(record.name, childPath(path, 'name')),
    match: reader.list(record.match, matchPath).map((m, i) => parseMatch(reader, m, indexPath(matchPath, i))),
    route,
  };
}

function parseDestination(
  reader: RuleReader,
  value: unknown,
  path: string,
): Omit<IstioDestination, 'weight'> & { weight: number | undefined } {
  const record = reader.record(value, path);
  const destinationPath = childPath(path, 'destination');
  const destination = reader.record(record.destination, destinationPath);
  reader.onlyKeys(destination, destinationPath, ['host', 'subset', 'port']);
  const host = reader.string(destination.host, childPath(destinationPath, 'host'));
  const portPath = childPath(destinationPath, 'port');
  const port = reader.optionalRecord(destination.port, portPath);
  return {
    host,
    hostName: hostName(host),
    subset: reader.optionalString(destination.subset, childPath(destinationPath, 'subset')),
    port: port === undefined ? undefined : reader.optionalCount(port.number, childPath(portPath, 'number')),
    weight: reader.optionalCount(record.weight, childPath(path, 'weight')),
  };
}

function parseMatch(reader: RuleReader, value: unknown, path: string): IstioHttpMatch {
  const record = reader.record(value, path);
  reader.onlyKeys(
    record,
    path,
    [
      'name',
      'uri',
      'ignoreUriCase',
      'method',
      'headers',
      'withoutHeaders',
      'sourceLabels',
      'port',
      'gateways',
      'statPrefix',
    ],
    MATCH_HINTS,
  );
  const ignoreUriCase =
    reader.optionalBoolean(record.ignoreUriCase, childPath(path, 'ignoreUriCase')) ?? false;
  const uri = optionalMatch(reader, record.uri, childPath(path, 'uri'));
  const gateways = reader.list(record.gateways, childPath(path, 'gateways'));
  return {
    name: reader.optionalString(record.name, childPath(path, 'name')),
    uri: uri && ignoreUriCase ? ignoringCase(uri) : uri,
    ignoreUriCase,
    method: optionalMatch(reader, record.method, childPath(path, 'method')),
    headers: headerMatches(reader, record.headers, childPath(path, 'headers')),
    withoutHeaders: headerMatches(reader, record.withoutHeaders, childPath(path, 'withoutHeaders')),
    sourceLabels: reader.stringMap(record.sourceLabels, childPath(path, 'sourceLabels')),
    port: reader.optionalCount(record.port, childPath(path, 'port')),
    meshTraffic: gateways.length === 0 || gateways.includes('mesh'),
  };
}

function optionalMatch(reader: RuleReader, value: unknown, path: string): StringMatch | undefined {
  return value === undefined || value === null ? undefined : parseStringMatch(reader, value, path, 'istio');
}

function headerMatches(reader: RuleReader, value: unknown, path: string): ReadonlyMap<string, StringMatch> {
  const record = reader.optionalRecord(value, path) ?? {};
  const result = new Map<string, StringMatch>();
  // Istio requires lower-case header names; attachments arrive lower-cased (invocation.ts).
  for (const [name, match] of Object.entries(record))
    result.set(name.toLowerCase(), parseStringMatch(reader, match, childPath(path, name), 'istio'));
  return result;
}

/** Reads an `istio-destination-rule` document. */
export function parseIstioDestinationRule(document: RuleDocument): IstioDestinationRule {
  const reader = new RuleReader(document);
  const { name, spec } = readHeader(reader);
  const host = reader.string(spec.host, 'spec.host');
  const subsets = new Map<string, IstioSubset>();
  reader.list(spec.subsets, 'spec.subsets').forEach((value, i) => {
    const path = indexPath('spec.subsets', i);
    const record = reader.record(value, path);
    const subsetName = reader.string(record.name, childPath(path, 'name'));
    if (subsets.has(subsetName))
      throw reader.error(childPath(path, 'name'), `subset ${subsetName} is defined twice`);
    subsets.set(subsetName, {
      name: subsetName,
      labels: reader.stringMap(record.labels, childPath(path, 'labels')),
      policy: parseTrafficPolicy(reader, record.trafficPolicy, childPath(path, 'trafficPolicy')),
    });
  });
  return {
    name,
    host,
    hostName: hostName(host),
    policy: parseTrafficPolicy(reader, spec.trafficPolicy, 'spec.trafficPolicy'),
    subsets,
    document,
  };
}
