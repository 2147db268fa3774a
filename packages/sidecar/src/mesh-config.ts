import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { load } from 'js-yaml';
import { SidecarConfigError } from './sidecar-config-error.js';
import { checkSetting, SETTING_KEYS, type SidecarSettings } from './sidecar-settings.js';

/** 1-based line of the first `key:` at the start of a line (block style), for error messages. */
function lineOf(text: string, key: string): number | undefined {
  const escaped = key.replace(/[.*+?^$|()[\]{}\\-]/g, (c) => `\\${c}`);
  const pattern = new RegExp(`^\\s*['"]?${escaped}['"]?\\s*:`);
  const index = text.split('\n').findIndex((line) => pattern.test(line));
  return index < 0 ? undefined : index + 1;
}

/**
 * Reads `mesh.yaml` (cli.md "sidecar"): the keys `listen`, `listen-tcp`, `registry`, `rules`,
 * `serve` (a list), `app` and `metrics`, each validated as its flag is. Relative paths (`rules`, a
 * `file:` registry) are relative to the file's directory. Throws a SidecarConfigError naming the
 * file, the line and the key.
 */
export function readMeshConfig(file: string): SidecarSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SidecarConfigError(file, `cannot read: ${(err as Error).message}`, { cause: err });
  }
  // js-yaml 5 refuses an input with no document; an empty config is simply one with no keys.
  if (text.split('\n').every((line) => /^\s*(#.*)?$/.test(line))) return {};
  let value: unknown;
  try {
    value = load(text);
  } catch (err) {
    const line = (err as { mark?: { line?: number } }).mark?.line;
    const reason = (err as { reason?: string }).reason ?? (err as Error).message;
    throw new SidecarConfigError(
      line === undefined ? file : `${file}:${line + 1}`,
      `invalid YAML: ${reason}`,
    );
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new SidecarConfigError(file, 'must be a mapping of listen, registry, rules, serve, app, metrics');
  }
  const at = (key: string, index?: number): string => {
    const line = lineOf(text, key);
    return `${file}${line === undefined ? '' : `:${line}`}: ${key}${index === undefined ? '' : `[${index}]`}`;
  };
  const base = dirname(resolve(file));
  const settings: SidecarSettings = {};
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    if (!(SETTING_KEYS as readonly string[]).includes(key)) {
      throw new SidecarConfigError(at(key), `unknown key (expected one of ${SETTING_KEYS.join(', ')})`);
    }
    const name = key as (typeof SETTING_KEYS)[number];
    if (name === 'serve') {
      if (!Array.isArray(raw))
        throw new SidecarConfigError(at(key), 'must be a list of <service>=<host:port>');
      settings.serve = raw.map((entry, index) => {
        if (typeof entry !== 'string') throw new SidecarConfigError(at(key, index), 'must be a string');
        checkSetting('serve', entry, at(key, index));
        return entry;
      });
      continue;
    }
    if (typeof raw !== 'string') throw new SidecarConfigError(at(key), 'must be a string');
    checkSetting(name, raw, at(key));
    if (name === 'rules') settings.rules = isAbsolute(raw) ? raw : resolve(base, raw);
    else if (name === 'registry' && raw.startsWith('file:') && !isAbsolute(raw.slice(5))) {
      settings.registry = `file:${resolve(base, raw.slice(5))}`;
    } else settings[name] = raw;
  }
  return settings;
}
