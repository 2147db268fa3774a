import diagnostics from 'node:diagnostics_channel';
import { type Logger, redactUrl } from '@dubbo-mesh/sdk-core';
import type { Registry } from './registry.js';

/**
 * Published once per malformed registry entry (a provider URL that does not parse, instance JSON
 * that is not an object...), when a registry first reports it: metrics subscribe here
 * (ARCHITECTURE.md "Observability"; issue 6 "Registry data").
 */
export const INVALID_ENTRY_CHANNEL = 'dubbo-mesh:registry:invalid-entry';

/** The message of {@link INVALID_ENTRY_CHANNEL}. Secrets in `path` and `reason` are redacted. */
export interface InvalidRegistryEntry {
  /** The registry's URL, redacted. */
  readonly registry: string;
  /** The entry: a ZooKeeper child name or node path, or `providers[i]: <value>` of a file. */
  readonly path: string;
  readonly reason: string;
}

const channel = diagnostics.channel(INVALID_ENTRY_CHANNEL);

/** Distinct bad entries remembered per registry before the memory is reset (then re-reported once). */
const MAX_REMEMBERED = 10_000;
/** Longest entry text logged: a garbage node name can be anything up to ZooKeeper's 1 MB. */
const MAX_ENTRY_CHARS = 300;

const counts = new WeakMap<Registry, { invalidEntries: number }>();

/** Malformed entries a registry made by `createRegistry` skipped so far (each counted once). */
export function invalidEntryCount(registry: Registry): number {
  return counts.get(registry)?.invalidEntries ?? 0;
}

/** ZooKeeper child names are URL-encoded: decode them so the secrets in them can be found. */
function readable(entry: string): string {
  let text = entry;
  try {
    if (/%[0-9a-f]{2}/i.test(entry)) text = decodeURIComponent(entry);
  } catch {
    // Not valid percent-encoding: show it as it is.
  }
  const redacted = redactUrl(text);
  return redacted.length > MAX_ENTRY_CHARS ? `${redacted.slice(0, MAX_ENTRY_CHARS)}…` : redacted;
}

/**
 * Makes `registry` report the entries it skips (RegistryNotice.skipped): one warn line through
 * `logger`, one {@link INVALID_ENTRY_CHANNEL} message and one count each, the first time an entry
 * appears, not on every notification that still carries it. The registry keeps skipping them and
 * serving the good entries next to them; this only makes the skipping visible.
 */
export function reportInvalidEntries<R extends Registry>(
  registry: R,
  registryUrl: string,
  logger: Logger,
): R {
  const stats = { invalidEntries: 0 };
  counts.set(registry, stats);
  const name = redactUrl(registryUrl);
  let reported = new Set<string>();
  const subscribe = registry.subscribe.bind(registry);
  registry.subscribe = (key, listener) =>
    subscribe(key, (providers, notice) => {
      for (const { entry, reason } of notice.skipped) {
        const id = `${entry}\n${reason}`;
        if (reported.has(id)) continue;
        if (reported.size >= MAX_REMEMBERED) reported = new Set();
        reported.add(id);
        stats.invalidEntries++;
        const event: InvalidRegistryEntry = {
          registry: name,
          path: readable(entry),
          reason: readable(reason),
        };
        logger.warn({ ...event }, 'registry entry skipped: it cannot be parsed');
        if (channel.hasSubscribers) channel.publish(event);
      }
      listener(providers, notice);
    });
  return registry;
}
