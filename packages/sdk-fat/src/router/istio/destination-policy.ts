import { childPath, indexPath, type RuleReader } from '../mesh/rule-reader.js';
import { parseDuration } from './duration.js';

/** A balancer of governance.md §5 that an Istio `loadBalancer.simple` maps to (§11.8). */
export type PolicyBalancer = 'roundrobin' | 'leastactive' | 'random';

/** `consistentHash`: hash a request header (lower-case name), or the caller's address. */
export type ConsistentHashPolicy =
  | { readonly kind: 'header'; readonly header: string }
  | { readonly kind: 'source-ip' };

/** `outlierDetection`, with Istio's defaults filled in (governance.md §7 table) and durations in ms. */
export interface OutlierDetectionPolicy {
  readonly consecutive5xxErrors: number;
  /** 0 = off (Istio's default). */
  readonly consecutiveGatewayErrors: number;
  readonly intervalMs: number;
  readonly baseEjectionTimeMs: number;
  readonly maxEjectionPercent: number;
  readonly minHealthPercent: number;
}

/** `localityLbSetting`: `distribute` and `failoverPriority` are not supported and are ignored. */
export interface LocalityPolicy {
  readonly enabled: boolean;
  readonly failover: readonly { readonly from: string; readonly to: string }[];
}

/** What a DestinationRule's `trafficPolicy` asks of balancing and ejection, for the balancer and cluster code. */
export interface DestinationPolicy {
  readonly loadBalancer?: PolicyBalancer | undefined;
  readonly consistentHash?: ConsistentHashPolicy | undefined;
  readonly outlierDetection?: OutlierDetectionPolicy | undefined;
  readonly locality?: LocalityPolicy | undefined;
}

const SIMPLE: Readonly<Record<string, PolicyBalancer | undefined>> = {
  ROUND_ROBIN: 'roundrobin',
  LEAST_REQUEST: 'leastactive',
  LEAST_CONN: 'leastactive', // deprecated Istio alias of LEAST_REQUEST
  RANDOM: 'random',
  // No balancer choice: the client's configured balancer stays.
  PASSTHROUGH: undefined,
  UNSPECIFIED: undefined,
};

/** Reads a `trafficPolicy` mapping; undefined when absent. Unknown sections (connectionPool, tls) are ignored. */
export function parseTrafficPolicy(
  reader: RuleReader,
  value: unknown,
  path: string,
): DestinationPolicy | undefined {
  const record = reader.optionalRecord(value, path);
  if (record === undefined) return undefined;
  const lbPath = childPath(path, 'loadBalancer');
  const lb = reader.optionalRecord(record.loadBalancer, lbPath) ?? {};
  let loadBalancer: PolicyBalancer | undefined;
  if (lb.simple !== undefined && lb.simple !== null) {
    const simple = reader.string(lb.simple, childPath(lbPath, 'simple'));
    if (!(simple in SIMPLE))
      throw reader.error(childPath(lbPath, 'simple'), `expected one of ${Object.keys(SIMPLE).join(', ')}`);
    loadBalancer = SIMPLE[simple];
  }
  // Istio nests localityLbSetting in loadBalancer; a top-level one is accepted too.
  const localityValue = lb.localityLbSetting ?? record.localityLbSetting;
  const localityPath =
    lb.localityLbSetting === undefined
      ? childPath(path, 'localityLbSetting')
      : childPath(lbPath, 'localityLbSetting');
  return {
    loadBalancer,
    consistentHash: parseConsistentHash(reader, lb.consistentHash, childPath(lbPath, 'consistentHash')),
    outlierDetection: parseOutlierDetection(
      reader,
      record.outlierDetection,
      childPath(path, 'outlierDetection'),
    ),
    locality: parseLocality(reader, localityValue, localityPath),
  };
}

function parseConsistentHash(
  reader: RuleReader,
  value: unknown,
  path: string,
): ConsistentHashPolicy | undefined {
  const record = reader.optionalRecord(value, path);
  if (record === undefined) return undefined;
  if (record.httpHeaderName !== undefined) {
    return {
      kind: 'header',
      header: reader.string(record.httpHeaderName, childPath(path, 'httpHeaderName')).toLowerCase(),
    };
  }
  if (reader.optionalBoolean(record.useSourceIp, childPath(path, 'useSourceIp')))
    return { kind: 'source-ip' };
  for (const key of ['httpCookie', 'httpQueryParameterName']) {
    // Triple calls carry neither; hashing something else would scatter the affinity asked for.
    if (record[key] !== undefined)
      throw reader.error(childPath(path, key), `${key} does not apply to Dubbo calls; use httpHeaderName`);
  }
  throw reader.error(path, 'give httpHeaderName or useSourceIp');
}

function duration(reader: RuleReader, value: unknown, path: string, fallbackMs: number): number {
  if (value === undefined || value === null) return fallbackMs;
  const text = reader.string(value, path);
  const ms = parseDuration(text);
  if (ms === undefined)
    throw reader.error(
      path,
      `expected a duration such as 10s, 500ms or 1m30s, found ${JSON.stringify(text)}`,
    );
  return ms;
}

function parseOutlierDetection(
  reader: RuleReader,
  value: unknown,
  path: string,
): OutlierDetectionPolicy | undefined {
  const record = reader.optionalRecord(value, path);
  if (record === undefined) return undefined;
  const count = (key: string, fallback: number): number =>
    reader.optionalCount(record[key], childPath(path, key)) ?? fallback;
  const percent = (key: string, fallback: number): number => {
    const n = count(key, fallback);
    if (n > 100) throw reader.error(childPath(path, key), `expected a percentage 0–100, found ${n}`);
    return n;
  };
  return {
    consecutive5xxErrors: count('consecutive5xxErrors', 5),
    // `consecutiveErrors` is the deprecated spelling of gateway errors (502, 503, 504).
    consecutiveGatewayErrors: count('consecutiveGatewayErrors', count('consecutiveErrors', 0)),
    intervalMs: duration(reader, record.interval, childPath(path, 'interval'), 10_000),
    baseEjectionTimeMs: duration(
      reader,
      record.baseEjectionTime,
      childPath(path, 'baseEjectionTime'),
      30_000,
    ),
    maxEjectionPercent: percent('maxEjectionPercent', 10),
    minHealthPercent: percent('minHealthPercent', 0),
  };
}

function parseLocality(reader: RuleReader, value: unknown, path: string): LocalityPolicy | undefined {
  const record = reader.optionalRecord(value, path);
  if (record === undefined) return undefined;
  const failoverPath = childPath(path, 'failover');
  const failover = reader.list(record.failover, failoverPath).map((entry, i) => {
    const at = indexPath(failoverPath, i);
    const item = reader.record(entry, at);
    return {
      from: reader.string(item.from, childPath(at, 'from')),
      to: reader.string(item.to, childPath(at, 'to')),
    };
  });
  return { enabled: reader.optionalBoolean(record.enabled, childPath(path, 'enabled')) ?? true, failover };
}

/**
 * A subset's policy over its rule's: Istio lets a subset's `trafficPolicy` replace the rule's settings
 * section by section.
 */
export function overridePolicy(
  base: DestinationPolicy | undefined,
  override: DestinationPolicy | undefined,
): DestinationPolicy | undefined {
  if (base === undefined || override === undefined) return override ?? base;
  const lbOverridden = override.loadBalancer !== undefined || override.consistentHash !== undefined;
  return {
    loadBalancer: lbOverridden ? override.loadBalancer : base.loadBalancer,
    consistentHash: lbOverridden ? override.consistentHash : base.consistentHash,
    outlierDetection: override.outlierDetection ?? base.outlierDetection,
    locality: override.locality ?? base.locality,
  };
}

/**
 * Whether calls prefer the caller's locality: Istio enables locality load balancing by default but
 * only with `outlierDetection`; an explicit `localityLbSetting` turns it on or off here.
 */
export function localityPreferred(policy: DestinationPolicy | undefined): boolean {
  if (policy === undefined) return false;
  return policy.locality?.enabled ?? policy.outlierDetection !== undefined;
}
