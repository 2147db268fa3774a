import { type FSWatcher, readFileSync, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { ServiceKey } from '@dubbo-mesh/sdk-core';
import type { Provider } from '../../provider/provider.js';
import { RuleError } from '../../rules/rule-error.js';
import type { Registry, RegistryNotice, RegistryOptions, Unsubscribe } from '../registry.js';
import { matchesProvider } from '../service-match.js';
import { type ProviderFileContent, parseProviderFile } from './provider-file.js';

export interface FileRegistryOptions {
  /** Broken edits (the previous list stays) and watch failures. Default: ignored. */
  readonly onError?: (error: Error) => void;
  /** Quiet time after the last change event before the file is re-read; default 100 ms. */
  readonly debounceMs?: number;
}

/** The path of a `file:` URL: `file:/abs/path.yaml`, `file:///abs/path.yaml` or `file:relative.yaml` (cli.md "Names"). */
export function fileRegistryPath(url: string): string {
  const match = /^file:(?:\/\/(?=\/))?(.+)$/i.exec(url.trim());
  if (!match?.[1]) throw new Error(`not a file registry URL: ${url} (expected file:/path/providers.yaml)`);
  return resolve(decodeURIComponent(match[1]));
}

interface Subscription {
  readonly key: ServiceKey;
  readonly listener: (providers: readonly Provider[], notice: RegistryNotice) => void;
}

/**
 * Providers listed in a YAML file (cli.md "File registry format"), watched: an edit takes effect
 * without a restart. The directory is watched rather than the file, because editors replace files
 * by renaming; change events are debounced and a re-read whose text did not change notifies
 * nothing. A broken edit is reported through `onError` and ignored: the previous list stays. The
 * first read must succeed, so a bad file is a configuration error at start-up.
 */
export class FileRegistry implements Registry {
  readonly path: string;
  private content: ProviderFileContent;
  private text: string;
  private readonly subscriptions = new Set<Subscription>();
  private readonly watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    path: string,
    private readonly options: FileRegistryOptions = {},
  ) {
    this.path = resolve(path);
    try {
      this.text = readFileSync(this.path, 'utf8');
    } catch (error) {
      throw new RuleError(
        `cannot read provider file: ${error instanceof Error ? error.message : String(error)}`,
        { file: this.path },
        { cause: error },
      );
    }
    this.content = parseProviderFile(this.text, this.path);
    const name = basename(this.path);
    try {
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, changed) => {
        if (changed === null || changed === name) this.scheduleReload();
      });
      this.watcher.on('error', (error) => this.options.onError?.(error));
    } catch (error) {
      this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
    }
  }

  subscribe(
    key: ServiceKey,
    listener: (providers: readonly Provider[], notice: RegistryNotice) => void,
  ): Unsubscribe {
    const subscription: Subscription = { key, listener };
    this.subscriptions.add(subscription);
    // Asynchronous like every other registry, so callers can rely on subscribe returning first.
    queueMicrotask(() => {
      if (this.subscriptions.has(subscription)) this.notify(subscription);
    });
    return () => {
      this.subscriptions.delete(subscription);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.watcher?.close();
    this.subscriptions.clear();
  }

  /** Re-reads the file now (the watcher calls this after its debounce). */
  async reload(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      // Mid-rename the file may be missing for a moment; the next event reloads it.
      this.options.onError?.(
        new RuleError(`cannot read provider file: ${(error as Error).message}`, { file: this.path }),
      );
      return;
    }
    if (this.closed || text === this.text) return;
    let content: ProviderFileContent;
    try {
      content = parseProviderFile(text, this.path);
    } catch (error) {
      this.text = text;
      this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.text = text;
    this.content = content;
    for (const subscription of this.subscriptions) this.notify(subscription);
  }

  private scheduleReload(): void {
    if (this.closed) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload();
    }, this.options.debounceMs ?? 100);
    this.timer.unref?.();
  }

  private notify({ key, listener }: Subscription): void {
    const providers = this.content.providers.filter((provider) => matchesProvider(key, provider));
    listener(providers, { source: 'live', discovery: 'file', skipped: this.content.skipped });
  }
}

/** The `file` RegistryFactory. */
export function createFileRegistry(url: string, options: RegistryOptions): FileRegistry {
  return new FileRegistry(fileRegistryPath(url), { onError: options.onError });
}
