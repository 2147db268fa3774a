import type { LabelSource } from './label-source.js';
import type { TrafficLabel, TrafficLabelSet } from './traffic-label-set.js';

/** What a service knows when it makes an outbound call (traffic-label.md "What it means for this SDK"). */
export interface LabelContext {
  /** This service's application; stands for the `app` workload label when that is not given. */
  readonly application: string;
  /** This workload's own labels (configuration or environment variables). */
  readonly workloadLabels: Readonly<Record<string, string>>;
  /** Headers of the request being handled, lower-case names; undefined outside a request. */
  readonly inbound: Readonly<Record<string, string>> | undefined;
  /** Headers already set on the outbound call, lower-case names. */
  readonly outbound: Readonly<Record<string, string>>;
  /** Headers of the inbound request whose `contextId` header had `value`, if still known. */
  readonly inboundByContextId?:
    | ((contextId: string, value: string) => Readonly<Record<string, string>> | undefined)
    | undefined;
}

function workloadLabel(context: LabelContext, name: string): string | undefined {
  return context.workloadLabels[name] ?? (name === 'app' ? context.application : undefined);
}

function selects(trafficLabel: TrafficLabel, context: LabelContext): boolean {
  for (const [key, value] of Object.entries(trafficLabel.workloadSelector)) {
    if (workloadLabel(context, key) !== value) return false;
  }
  return true;
}

function sourceValue(source: LabelSource, context: LabelContext): string | undefined {
  switch (source.kind) {
    case 'inbound-header':
      return context.inbound?.[source.header];
    case 'external-inbound-header': {
      // The pass-through id travels on the outbound call; the current inbound request may carry it too.
      const id = context.outbound[source.contextHeader] ?? context.inbound?.[source.contextHeader];
      if (id === undefined || id === '') return undefined;
      if (context.inbound?.[source.contextHeader] === id) return context.inbound[source.header];
      return context.inboundByContextId?.(source.contextHeader, id)?.[source.header];
    }
    case 'outbound-header':
      return context.outbound[source.header];
    case 'label':
      return workloadLabel(context, source.label);
  }
}

/**
 * The label headers to add to an outbound call (traffic-label.md): for each TrafficLabel whose
 * workload selector matches this service, each label takes the value of its first source that
 * yields a non-empty one. A header the call already carries is left as the caller set it, and the
 * first TrafficLabel defining a header wins over later ones.
 */
export function computeLabelHeaders(set: TrafficLabelSet, context: LabelContext): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const trafficLabel of set.trafficLabels) {
    if (!selects(trafficLabel, context)) continue;
    for (const { header, sources } of trafficLabel.labels) {
      if (header in headers || (context.outbound[header] ?? '') !== '') continue;
      for (const source of sources) {
        const value = sourceValue(source, context);
        if (value !== undefined && value !== '') {
          headers[header] = value;
          break;
        }
      }
    }
  }
  return headers;
}
