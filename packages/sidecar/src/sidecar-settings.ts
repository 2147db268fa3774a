import { redactUrl } from '@dubbo-mesh/sdk-core';
import { loopbackAddressOf, socketPathOf } from './listen-address.js';
import { parseServedProvider } from './served-provider.js';
import { SidecarConfigError } from './sidecar-config-error.js';

/** The settings `mesh.yaml` and the flags share (cli.md "sidecar"), before they become SidecarOptions. */
export interface SidecarSettings {
  listen?: string;
  'listen-tcp'?: string;
  registry?: string;
  rules?: string;
  serve?: string[];
  app?: string;
  metrics?: string;
}

/** The keys, in the order the usage text lists them. */
export const SETTING_KEYS = ['listen', 'listen-tcp', 'registry', 'rules', 'serve', 'app', 'metrics'] as const;

/**
 * Checks one setting's value; throws a SidecarConfigError at `where` (a flag or `file:line: key`).
 * The same checks run for flags and for `mesh.yaml`, so both say the same thing about a bad value.
 */
export function checkSetting(key: (typeof SETTING_KEYS)[number], value: string, where: string): void {
  try {
    switch (key) {
      case 'listen':
        socketPathOf(value);
        return;
      case 'listen-tcp':
      case 'metrics':
        loopbackAddressOf(value);
        return;
      case 'registry':
        if (!/^(zookeeper:\/\/|file:)/.test(value)) {
          throw new Error(
            `"${redactUrl(value)}" is not zookeeper://host:port[,host:port] or file:/path/providers.yaml`,
          );
        }
        return;
      case 'serve':
        parseServedProvider(value);
        return;
      case 'rules':
      case 'app':
        if (value.trim() === '') throw new Error('must not be empty');
        return;
    }
  } catch (err) {
    throw new SidecarConfigError(where, err instanceof Error ? err.message : String(err), { cause: err });
  }
}

/** Flags over the file: a flag replaces the file's value; `serve` entries from both are registered. */
export function mergeSettings(file: SidecarSettings, flags: SidecarSettings): SidecarSettings {
  const merged: SidecarSettings = { ...file, ...flags };
  const serve = [...(file.serve ?? []), ...(flags.serve ?? [])];
  if (serve.length > 0) merged.serve = serve;
  else delete merged.serve;
  return merged;
}
