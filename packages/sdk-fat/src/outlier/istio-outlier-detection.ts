import type { RuleDocument } from '../rules/rule-document.js';
import { ruleError } from '../rules/rule-document.js';
import { parseIstioDuration } from './istio-duration.js';
import type { OutlierOptions } from './outlier-detector.js';

/** Istio fields we read, and those we accept but do not apply. */
const COUNTS = ['consecutive5xxErrors', 'consecutiveGatewayErrors', 'consecutiveErrors'] as const;
const DURATIONS = ['interval', 'baseEjectionTime'] as const;
const IGNORED = ['splitExternalLocalOriginErrors', 'consecutiveLocalOriginFailures', 'minHealthPercent'];

/**
 * Reads a DestinationRule's `trafficPolicy.outlierDetection` (governance.md §11.8, istio/api
 * `destination_rule.proto`) into detector options; `keyPath` is where it sits in `document`, for
 * errors. Fields left out keep Envoy's defaults. The deprecated `consecutiveErrors` counts gateway
 * errors only, as Istio translates it, unless a newer field is set. Unknown or malformed fields throw
 * a RuleError naming the key.
 */
export function outlierOptionsFromIstio(
  value: unknown,
  document: RuleDocument,
  keyPath: string,
): OutlierOptions {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw ruleError(document, keyPath, 'outlierDetection must be a mapping');
  }
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const known =
      (COUNTS as readonly string[]).includes(key) || (DURATIONS as readonly string[]).includes(key);
    if (!known && key !== 'maxEjectionPercent' && !IGNORED.includes(key)) {
      throw ruleError(document, `${keyPath}.${key}`, `unknown outlierDetection field ${JSON.stringify(key)}`);
    }
  }
  const count = (key: string): number | undefined => {
    const field = fields[key];
    if (field === undefined) return undefined;
    if (typeof field !== 'number' || !Number.isInteger(field) || field < 0) {
      throw ruleError(document, `${keyPath}.${key}`, `${key} must be a non-negative integer`);
    }
    return field;
  };
  const duration = (key: string): number | undefined => {
    const field = fields[key];
    if (field === undefined) return undefined;
    const ms = typeof field === 'string' ? parseIstioDuration(field) : undefined;
    if (ms === undefined || ms < 1) {
      throw ruleError(
        document,
        `${keyPath}.${key}`,
        `${key} must be a duration of at least 1ms, such as 10s or 1m`,
      );
    }
    return ms;
  };
  const options: OutlierOptions = {};
  const fiveXx = count('consecutive5xxErrors');
  const gateway = count('consecutiveGatewayErrors');
  const legacy = count('consecutiveErrors');
  if (legacy !== undefined && legacy > 0 && fiveXx === undefined && gateway === undefined) {
    options.consecutiveGatewayErrors = legacy;
    options.consecutiveErrors = 0;
  }
  if (fiveXx !== undefined) options.consecutiveErrors = fiveXx;
  if (gateway !== undefined) options.consecutiveGatewayErrors = gateway;
  const interval = duration('interval');
  if (interval !== undefined) options.intervalMs = interval;
  const base = duration('baseEjectionTime');
  if (base !== undefined) options.baseEjectionMs = base;
  const percent = count('maxEjectionPercent');
  if (percent !== undefined) {
    if (percent > 100)
      throw ruleError(document, `${keyPath}.maxEjectionPercent`, 'maxEjectionPercent must be 0..100');
    options.maxEjectionPercent = percent;
  }
  return options;
}
