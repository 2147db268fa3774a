import diagnostics from 'node:diagnostics_channel';
import type { Logger, ServiceKey } from '@dubbo-mesh/sdk-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { Provider } from '../provider/provider.js';
import {
  INVALID_ENTRY_CHANNEL,
  type InvalidRegistryEntry,
  invalidEntryCount,
  reportInvalidEntries,
} from './invalid-entry-report.js';
import type { Registry, RegistryNotice } from './registry.js';

type Listener = (providers: readonly Provider[], notice: RegistryNotice) => void;

/** A registry whose notifications the test sends by hand. */
function fakeRegistry(): Registry & { send(skipped: RegistryNotice['skipped']): void } {
  const listeners: Listener[] = [];
  return {
    subscribe(_key: ServiceKey, listener: Listener) {
      listeners.push(listener);
      return () => {};
    },
    async close() {},
    send(skipped) {
      for (const listener of listeners) listener([], { source: 'live', skipped });
    },
  };
}

function recordingLogger(): Logger & { warns: { fields: Record<string, unknown>; message: string }[] } {
  const warns: { fields: Record<string, unknown>; message: string }[] = [];
  const ignore = (): void => {};
  return {
    warns,
    debug: ignore,
    info: ignore,
    error: ignore,
    warn: (fields, message) => warns.push({ fields, message }),
  };
}

const events: InvalidRegistryEntry[] = [];
const onEvent = (message: unknown): void => {
  events.push(message as InvalidRegistryEntry);
};
diagnostics.subscribe(INVALID_ENTRY_CHANNEL, onEvent);
afterEach(() => {
  events.length = 0;
});

describe('reportInvalidEntries', () => {
  it('warns, publishes and counts each skipped entry once, and still notifies the listener', () => {
    const registry = fakeRegistry();
    const logger = recordingLogger();
    reportInvalidEntries(registry, 'zookeeper://zk:2181', logger);
    const notified: RegistryNotice[] = [];
    registry.subscribe({ serviceName: 'a.B' }, (_providers, notice) => notified.push(notice));
    registry.send([{ entry: 'garbage', reason: 'not a URL' }]);
    registry.send([
      { entry: 'garbage', reason: 'not a URL' },
      { entry: 'more', reason: 'no host' },
    ]);
    expect(notified).toHaveLength(2);
    expect(events).toEqual([
      { registry: 'zookeeper://zk:2181', path: 'garbage', reason: 'not a URL' },
      { registry: 'zookeeper://zk:2181', path: 'more', reason: 'no host' },
    ]);
    expect(logger.warns.map((w) => w.fields.path)).toEqual(['garbage', 'more']);
    expect(invalidEntryCount(registry)).toBe(2);
  });

  it('decodes ZooKeeper names and redacts passwords and tokens in entries, reasons and the registry URL', () => {
    const registry = fakeRegistry();
    const logger = recordingLogger();
    reportInvalidEntries(registry, 'zookeeper://admin:zkpass@zk:2181', logger);
    registry.subscribe({ serviceName: 'a.B' }, () => {});
    const url = 'tri://u:hunter2@h:bad/x?token=t0k3n';
    registry.send([{ entry: encodeURIComponent(url), reason: `invalid port in ${url}` }]);
    const text = JSON.stringify([events, logger.warns]);
    for (const secret of ['zkpass', 'hunter2', 't0k3n']) expect(text).not.toContain(secret);
    expect(events[0]!.path).toContain('tri://u:');
  });

  it('truncates a huge entry and survives broken percent-encoding', () => {
    const registry = fakeRegistry();
    reportInvalidEntries(registry, 'file:/x.yaml', recordingLogger());
    registry.subscribe({ serviceName: 'a.B' }, () => {});
    registry.send([
      { entry: 'x'.repeat(100_000), reason: 'too long' },
      { entry: '%E0%A4%A', reason: 'bad escape' },
    ]);
    expect(events[0]!.path.length).toBeLessThanOrEqual(301);
    expect(events[1]!.path).toBe('%E0%A4%A');
  });
});
