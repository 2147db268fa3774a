import {
  type CallRequest,
  currentInboundHeaders,
  type Interceptor,
  inboundRequests,
} from '@dubbo-mesh/sdk-core';
import { computeLabelHeaders, type LabelContext } from './label-headers.js';
import type { TrafficLabelSet } from './traffic-label-set.js';

/** Options of `trafficLabelInterceptor`. */
export interface TrafficLabelInterceptorOptions {
  /** This service's application: the `app` workload label when `workloadLabels` has none. */
  readonly application: string;
  /** The TrafficLabel rules, or a function read per call so reloaded rules apply at once. */
  readonly rules: TrafficLabelSet | (() => TrafficLabelSet);
  /**
   * This workload's labels, for `$getLabel(name)` and the rules' workload selectors. A name not
   * given here is read from the environment variable of that name (traffic-label.md: "for us:
   * configuration or an environment variable"), e.g. `ASM_TRAFFIC_TAG=dev-alice`.
   */
  readonly workloadLabels?: Readonly<Record<string, string>>;
  /** The environment; injected in tests. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** What one rule set needs, found once per set (rules change rarely, calls are many). */
interface Prepared {
  readonly workloadLabels: Readonly<Record<string, string>>;
}

/**
 * The outbound half of lanes (traffic-label.md "What it means for this SDK"): adds the label
 * headers the TrafficLabel rules compute to every call, from the inbound request being handled
 * (captured by the `@dubbo-mesh/sdk-core/context` middleware), the call's own headers, an inbound
 * request found by its pass-through id, and this workload's labels. A header the call already
 * carries is left alone. Installed by `createFatClient`/`createMeshClient` (their `trafficLabels`
 * option); a Thin client takes it in `interceptors`.
 *
 * @example
 * const thin = createThinClient({
 *   application: 'shop-web',
 *   interceptors: [trafficLabelInterceptor({ application: 'shop-web', rules: parseTrafficLabels(documents) })],
 * });
 */
export function trafficLabelInterceptor(options: TrafficLabelInterceptorOptions): Interceptor {
  const rules = typeof options.rules === 'function' ? options.rules : () => options.rules as TrafficLabelSet;
  const env = options.env ?? process.env;
  const prepared = new WeakMap<TrafficLabelSet, Prepared>();

  const prepare = (set: TrafficLabelSet): Prepared => {
    let found = prepared.get(set);
    if (!found) {
      const workloadLabels: Record<string, string> = {};
      for (const trafficLabel of set.trafficLabels) {
        const names = [
          ...Object.keys(trafficLabel.workloadSelector),
          ...trafficLabel.labels.flatMap((l) => l.sources.map((s) => (s.kind === 'label' ? s.label : ''))),
        ];
        for (const name of names) {
          const value = name === '' ? undefined : env[name];
          if (value !== undefined && name !== 'app') workloadLabels[name] = value;
        }
        for (const { sources } of trafficLabel.labels) {
          for (const source of sources) {
            // The middleware index inbound requests by the ids some rule correlates on.
            if (source.kind === 'external-inbound-header') inboundRequests.indexBy(source.contextHeader);
          }
        }
      }
      found = { workloadLabels: { ...workloadLabels, ...options.workloadLabels } };
      prepared.set(set, found);
    }
    return found;
  };

  return (next) => (request) => {
    const set = rules();
    if (set.trafficLabels.length === 0) return next(request);
    const context: LabelContext = {
      application: options.application,
      workloadLabels: prepare(set).workloadLabels,
      inbound: currentInboundHeaders(),
      outbound: outboundHeaders(request),
      inboundByContextId: findInbound,
    };
    Object.assign(request.attachments, computeLabelHeaders(set, context));
    return next(request);
  };
}

function findInbound(header: string, value: string): Readonly<Record<string, string>> | undefined {
  return inboundRequests.find(header, value);
}

/** The call's text headers, lower-case names, as `$getLocalOutboundRequestHeader` reads them. */
function outboundHeaders(request: CallRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  const { attachments } = request;
  for (const name in attachments) {
    const value = attachments[name];
    if (typeof value === 'string') headers[name.toLowerCase()] = value;
    else if (typeof value === 'number' || typeof value === 'boolean')
      headers[name.toLowerCase()] = String(value);
  }
  return headers;
}
