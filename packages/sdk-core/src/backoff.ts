/** Exponential backoff with jitter for reconnects (gRPC connection-backoff defaults, shortened). */
export interface BackoffOptions {
  /** The first delay after a failed connect. Default 100. */
  initialMs: number;
  /** The longest delay. Default 5,000. */
  maxMs: number;
  /** Each failed connect in a row multiplies the delay by this. Default 1.6. */
  multiplier: number;
  /** 0..1: the delay varies by up to this fraction either way, so clients do not reconnect in step. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 100, maxMs: 5_000, multiplier: 1.6, jitter: 0.2 };

export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: BackoffOptions = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt; each call grows it until `maxMs`. */
  next(): number {
    const base = Math.min(
      this.options.maxMs,
      this.options.initialMs * this.options.multiplier ** this.attempt,
    );
    this.attempt++;
    const spread = base * this.options.jitter * (this.random() * 2 - 1);
    return Math.max(0, Math.round(base + spread));
  }

  reset(): void {
    this.attempt = 0;
  }
}
