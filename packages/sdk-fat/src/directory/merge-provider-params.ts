/** Provider settings of the provider's own thread pool and transport: meaningless to a consumer. */
const PROVIDER_ONLY_KEYS = [
  'threadname',
  'threadpool',
  'corethreads',
  'threads',
  'queues',
  'alive',
  'transporter',
];

/** Consumer values that never replace the provider's (governance.md §7 "Precedence"). */
const PROVIDER_FIRST_KEYS = ['release', 'dubbo', 'methods', 'timestamp', 'dubbo.tag'];

/** Kept from the provider when it has them. */
const PROVIDER_FIRST_IF_PRESENT = ['group', 'version', 'generic'];

export interface ConsumerSide {
  /** The consumer application: becomes `application`, and `remote.application` the provider's. */
  readonly application: string;
  /** Reference settings laid over the provider's: `timeout`, `retries`, `loadbalance`, `<m>.timeout`... */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * An invoker URL's parameters (Java DefaultProviderURLMergeProcessor, governance.md §7): the
 * provider's, minus its thread-pool and transport keys, overlaid by the consumer's, except that
 * the provider keeps `group`/`version`/`generic` when it has them and always keeps `release`,
 * `dubbo`, `methods`, `timestamp` and `dubbo.tag`; `remote.application` is the provider's
 * application and `side` is `consumer`, as on Java's consumer URL.
 */
export function mergeProviderParams(
  provider: Readonly<Record<string, string>>,
  consumer: ConsumerSide,
): Record<string, string> {
  const merged: Record<string, string> = { ...provider };
  for (const key of PROVIDER_ONLY_KEYS) {
    delete merged[key];
    delete merged[`default.${key}`];
  }
  const local: Record<string, string> = {
    ...consumer.params,
    application: consumer.application,
    side: 'consumer',
  };
  for (const key of PROVIDER_FIRST_IF_PRESENT) {
    if (provider[key] !== undefined) delete local[key];
  }
  for (const key of PROVIDER_FIRST_KEYS) delete local[key];
  Object.assign(merged, local);
  if (provider.application !== undefined) merged['remote.application'] = provider.application;
  else delete merged['remote.application'];
  return merged;
}
