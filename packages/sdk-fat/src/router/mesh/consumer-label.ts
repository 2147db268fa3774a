import type { ConsumerInfo } from '../../invocation.js';

/**
 * A label of the calling application, as `sourceLabels` see it: a consumer URL parameter (Java's
 * MeshRuleRouter matches them against the consumer URL, governance.md §3.6), with `application`
 * (Dubbo) and `app` (the Kubernetes label Istio rules use, §8) falling back to the consumer's name.
 */
export function consumerLabel(consumer: ConsumerInfo, key: string): string | undefined {
  const value = consumer.params[key];
  if (value !== undefined) return value;
  return key === 'application' || key === 'app' ? consumer.application : undefined;
}

/** Whether every label is equal on the consumer. */
export function consumerHasLabels(consumer: ConsumerInfo, labels: Readonly<Record<string, string>>): boolean {
  for (const key in labels) {
    if (consumerLabel(consumer, key) !== labels[key]) return false;
  }
  return true;
}
