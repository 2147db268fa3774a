/** The largest request the sidecar keeps for a re-send: a unary call's body fits, a long stream does not. */
export const DEFAULT_MAX_REPLAY_BYTES = 64 * 1024;

/**
 * A copy of the request bytes sent so far, kept while a re-send to another provider is still
 * possible: until the provider answers, and only while the bytes fit in `maxBytes`. Past that the
 * copy is dropped for good and the call can no longer fail over (ARCHITECTURE.md: re-send only what
 * provably did not reach a provider, and only what can be replayed whole).
 */
export class RequestReplay {
  private kept: Buffer[] = [];
  private bytes = 0;
  private usable = true;

  constructor(private readonly maxBytes: number = DEFAULT_MAX_REPLAY_BYTES) {}

  /** Whether every byte received so far is kept, so the request can be sent again. */
  get complete(): boolean {
    return this.usable;
  }

  /** The kept chunks, in order; empty once the copy was dropped. */
  get chunks(): readonly Buffer[] {
    return this.kept;
  }

  /** Keeps `chunk` while the total stays within the limit; drops the whole copy past it. */
  push(chunk: Buffer): void {
    if (!this.usable) return;
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) this.release();
    else this.kept.push(chunk);
  }

  /** Drops the copy: the provider answered (no re-send any more) or it grew too large. */
  release(): void {
    this.usable = false;
    this.kept = [];
  }
}
