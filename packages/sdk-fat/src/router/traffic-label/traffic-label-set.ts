import type { RuleDocument } from '../../rules/rule-document.js';
import { childPath, indexPath, RuleReader } from '../mesh/rule-reader.js';
import { isHeaderName, type LabelSource, parseLabelSource } from './label-source.js';

/** One label header of a TrafficLabel rule: its value is the first source that yields one. */
export interface LabelDefinition {
  /** The header carrying the label, lower-case. */
  readonly header: string;
  readonly sources: readonly LabelSource[];
}

/** One TrafficLabel resource (traffic-label.md "The resource"). */
export interface TrafficLabel {
  readonly name: string;
  /** Workload labels that must all be equal; empty = every workload. */
  readonly workloadSelector: Readonly<Record<string, string>>;
  readonly labels: readonly LabelDefinition[];
  readonly document: RuleDocument;
}

/** Every TrafficLabel of a rule set, in document order. */
export interface TrafficLabelSet {
  readonly trafficLabels: readonly TrafficLabel[];
}

const API_VERSIONS = ['istio.alibabacloud.com/v1', 'istio.alibabacloud.com/v1beta1'];

/**
 * Reads the TrafficLabel documents among `documents` (other kinds are skipped). Throws a RuleError
 * naming the key for a bad header name or a `valueFrom` entry that is not one of the four sources.
 */
export function parseTrafficLabels(documents: readonly RuleDocument[]): TrafficLabelSet {
  return { trafficLabels: documents.filter((d) => d.kind === 'traffic-label').map(parseTrafficLabel) };
}

function parseTrafficLabel(document: RuleDocument): TrafficLabel {
  const reader = new RuleReader(document);
  const { apiVersion, metadata, spec } = document.value;
  if (typeof apiVersion !== 'string' || !API_VERSIONS.includes(apiVersion)) {
    throw reader.error(
      'apiVersion',
      `expected ${API_VERSIONS.join(' or ')}, found ${JSON.stringify(apiVersion)}`,
    );
  }
  const name = reader.string(reader.record(metadata, 'metadata').name, 'metadata.name');
  const specRecord = reader.record(spec, 'spec');
  const selector = reader.optionalRecord(specRecord.workloadSelector, 'spec.workloadSelector') ?? {};
  const labels: LabelDefinition[] = [];
  reader.list(specRecord.rules, 'spec.rules').forEach((rule, r) => {
    const rulePath = indexPath('spec.rules', r);
    const labelsPath = childPath(rulePath, 'labels');
    reader.list(reader.record(rule, rulePath).labels, labelsPath).forEach((label, l) => {
      labels.push(parseLabelDefinition(reader, label, indexPath(labelsPath, l)));
    });
  });
  if (labels.length === 0) throw reader.error('spec.rules', 'give at least one rule with labels');
  return {
    name,
    workloadSelector: reader.stringMap(selector.labels, 'spec.workloadSelector.labels'),
    labels,
    document,
  };
}

function parseLabelDefinition(reader: RuleReader, value: unknown, path: string): LabelDefinition {
  const record = reader.record(value, path);
  const header = reader.string(record.name, childPath(path, 'name'));
  if (!isHeaderName(header))
    throw reader.error(childPath(path, 'name'), `${JSON.stringify(header)} is not a valid header name`);
  const sourcesPath = childPath(path, 'valueFrom');
  const sources = reader.list(record.valueFrom, sourcesPath).map((item, i) => {
    const at = indexPath(sourcesPath, i);
    const source = parseLabelSource(reader.string(item, at));
    if (typeof source === 'string') throw reader.error(at, source);
    return source;
  });
  if (sources.length === 0) throw reader.error(sourcesPath, 'give at least one source');
  return { header: header.toLowerCase(), sources };
}
