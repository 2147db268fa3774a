import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatServiceKey, type ServiceKey } from '@dubbo-mesh/sdk-core';
import type { Provider } from '../../provider/provider.js';
import { parseProviderUrl } from '../../provider/provider-url.js';

/** What a cache file holds: the decoded provider URLs of one service, and when they were live. */
interface CacheFile {
  readonly service: string;
  readonly savedAt: number;
  readonly providers: readonly string[];
}

let temporaryCounter = 0;

/**
 * The last live provider list per service, on disk, so a process restarted while the registry is
 * down still finds its providers (brief item 6; Java keeps `~/.dubbo/dubbo-registry-*.cache` for
 * the same reason). One file per service, `<dir>/<app>/<enc(group/iface:version)>.json`, written
 * to a temporary name and renamed over the old one, so a reader never sees half a file.
 */
export class ProviderDiskCache {
  private readonly appDir: string;
  /** Writes per file, chained so an older list never lands after a newer one. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    dir: string,
    application: string,
    private readonly options: { now?: () => number; onError?: (error: Error) => void } = {},
  ) {
    this.appDir = join(dir, encodeURIComponent(application || 'default'));
  }

  /** The cache file of a service. */
  fileOf(key: ServiceKey): string {
    return join(this.appDir, `${encodeURIComponent(formatServiceKey(key))}.json`);
  }

  /** Saves the list in the background; `flush()` waits for it. Failures go to `onError`. */
  write(key: ServiceKey, providers: readonly Provider[]): void {
    const file = this.fileOf(key);
    const content: CacheFile = {
      service: formatServiceKey(key),
      savedAt: (this.options.now ?? Date.now)(),
      providers: providers.map((provider) => provider.url),
    };
    const previous = this.writes.get(file) ?? Promise.resolve();
    const next = previous.then(() => this.writeAtomically(file, `${JSON.stringify(content, null, 2)}\n`));
    this.writes.set(file, next);
    void next.finally(() => {
      if (this.writes.get(file) === next) this.writes.delete(file);
    });
  }

  /** Resolves when every write started so far has landed. */
  async flush(): Promise<void> {
    await Promise.all([...this.writes.values()]);
  }

  /**
   * The saved providers of a service, or undefined when nothing usable is saved. Entries that do
   * not parse are skipped with their reason, as live ones are.
   */
  async read(
    key: ServiceKey,
  ): Promise<{ providers: Provider[]; skipped: { entry: string; reason: string }[] } | undefined> {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(this.fileOf(key), 'utf8'));
    } catch {
      return undefined;
    }
    const list =
      typeof json === 'object' && json !== null ? (json as { providers?: unknown }).providers : undefined;
    if (!Array.isArray(list)) return undefined;
    const providers: Provider[] = [];
    const skipped: { entry: string; reason: string }[] = [];
    for (const entry of list) {
      const parsed = typeof entry === 'string' ? parseProviderUrl(entry) : 'not a string';
      if (typeof parsed === 'string') skipped.push({ entry: String(entry), reason: parsed });
      else providers.push(parsed);
    }
    return { providers, skipped };
  }

  private async writeAtomically(file: string, text: string): Promise<void> {
    const temporary = `${file}.${process.pid}.${++temporaryCounter}.tmp`;
    try {
      await mkdir(this.appDir, { recursive: true });
      await writeFile(temporary, text);
      await rename(temporary, file);
    } catch (error) {
      this.options.onError?.(
        new Error(
          `cannot write provider cache ${file}: ${error instanceof Error ? error.message : String(error)}`,
          {
            cause: error,
          },
        ),
      );
    }
  }
}
