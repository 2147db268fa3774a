import type { ServiceKey } from '@dubbo-mesh/sdk-core';

/** The consumer as routing rules see it: Java's consumer URL (governance.md §3.3 "when" side). */
export interface ConsumerInfo {
  /** The consumer application (`application` param, `tri-consumer-appname`). */
  readonly application: string;
  /** The consumer's own host (rules match `host` on the when side against it). */
  readonly host: string;
  /** Consumer URL parameters, e.g. `region=hz`, `dubbo.tag`. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * What routing and balancing decide on for one call. Arguments are known only in-process (Fat
 * mode); the sidecar never decodes bodies, so argument conditions do not apply there
 * (ARCHITECTURE.md "The path of one call").
 */
export interface Invocation {
  readonly service: ServiceKey;
  readonly method: string;
  /** Positional arguments (Java-interface calls) or `[request]` (IDL); undefined when unknown. */
  readonly args: readonly unknown[] | undefined;
  /** String attachments / request headers, lower-case keys (Triple sends them lower-cased). */
  readonly attachments: Readonly<Record<string, string>>;
  readonly consumer: ConsumerInfo;
}
