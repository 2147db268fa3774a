import type { Provider } from '../../provider/provider.js';
import { parseProviderUrl } from '../../provider/provider-url.js';

/** An entry left out of a registry notification, and why (RegistryNotice.skipped). */
export interface SkippedEntry {
  readonly entry: string;
  readonly reason: string;
}

/**
 * Decodes the children of a category dir (each a URL-encoded Dubbo URL, governance.md §1),
 * remembering each name's result: an unchanged child keeps its Provider object, so caches keyed by
 * provider identity downstream stay warm, and a list change decodes only the new names. Garbage
 * names are reported with their reason, never thrown.
 */
export class DecodedChildren {
  private decoded = new Map<string, Provider | string>();

  decode(children: readonly string[]): { urls: Provider[]; skipped: SkippedEntry[] } {
    const next = new Map<string, Provider | string>();
    const urls: Provider[] = [];
    const skipped: SkippedEntry[] = [];
    for (const name of children) {
      const result = this.decoded.get(name) ?? parseProviderUrl(name, { encoded: true });
      next.set(name, result);
      if (typeof result === 'string') skipped.push({ entry: name, reason: result });
      else urls.push(result);
    }
    this.decoded = next;
    return { urls, skipped };
  }
}
