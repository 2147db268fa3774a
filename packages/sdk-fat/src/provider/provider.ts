/**
 * One provider address as the registry announced it (governance.md §1): a Dubbo URL such as
 * `tri://10.0.0.1:50051/org.demo.Greeter?version=1.0.0&region=hz`, decoded. Immutable: a change
 * in the registry makes a new Provider, so caches keyed by identity stay correct.
 */
export interface Provider {
  /** `tri`, `dubbo`, `rest`...; only `tri` is callable by this SDK (governance.md §0 step 2). */
  readonly protocol: string;
  readonly host: string;
  readonly port: number;
  /** `host:port`, the identity of a provider endpoint. */
  readonly address: string;
  /** The URL path, normally the interface name. */
  readonly path: string;
  /** URL parameters (decoded), after the directory merged consumer params and configurators. */
  readonly params: Readonly<Record<string, string>>;
  /** The URL as the registry wrote it (decoded), for explanations and the `providers` command. */
  readonly url: string;
}

/** A parameter, method-level first (`<method>.<key>` beats `<key>`, governance.md §7). */
export function providerParam(provider: Provider, key: string, method?: string): string | undefined {
  if (method !== undefined) {
    const methodValue = provider.params[`${method}.${key}`];
    if (methodValue !== undefined) return methodValue;
  }
  return provider.params[key];
}
