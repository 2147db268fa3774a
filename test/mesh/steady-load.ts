import { RpcError } from '@dubbo-mesh/sdk-core';

/** One call of a load run. Times are `Date.now()` milliseconds. */
export interface CallRecord {
  readonly id: string;
  readonly startedAt: number;
  readonly endedAt: number;
  /** The status code name of a failure (`UNAVAILABLE`), undefined on success. */
  readonly error: string | undefined;
  readonly message: string | undefined;
}

/**
 * Steady load for the chaos tests: `concurrency` workers, each making one call after the other with
 * a short pause, every call with a unique id, until `stop()`; every outcome is recorded.
 */
export class SteadyLoad {
  readonly records: CallRecord[] = [];
  private running = false;
  private workers: Promise<void>[] = [];
  private next = 0;
  private active = 0;

  constructor(
    private readonly call: (id: string) => Promise<unknown>,
    private readonly options: { concurrency: number; pauseMs: number; prefix: string },
  ) {}

  start(): void {
    this.running = true;
    this.workers = Array.from({ length: this.options.concurrency }, () => this.work());
  }

  /** Stops starting calls and waits for those in flight. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  /** Calls started and not yet ended. */
  get inFlight(): number {
    return this.active;
  }

  /** Resolves once at least `count` calls are in flight (to strike while calls are out). */
  async whenInFlight(count: number): Promise<void> {
    while (this.active < count) await new Promise((resolve) => setImmediate(resolve));
  }

  get ok(): CallRecord[] {
    return this.records.filter((r) => r.error === undefined);
  }

  get failed(): CallRecord[] {
    return this.records.filter((r) => r.error !== undefined);
  }

  /** Failures by status code name. */
  errorCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.failed) counts[r.error!] = (counts[r.error!] ?? 0) + 1;
    return counts;
  }

  /** The first call to succeed that ended after `time`. */
  firstSuccessAfter(time: number): CallRecord | undefined {
    return this.ok.filter((r) => r.endedAt >= time).sort((a, b) => a.endedAt - b.endedAt)[0];
  }

  private async work(): Promise<void> {
    while (this.running) {
      const id = `${this.options.prefix}-${this.next++}`;
      const startedAt = Date.now();
      this.active++;
      try {
        await this.call(id);
        this.records.push({ id, startedAt, endedAt: Date.now(), error: undefined, message: undefined });
      } catch (error) {
        const rpc = RpcError.from(error);
        this.records.push({ id, startedAt, endedAt: Date.now(), error: rpc.codeName, message: rpc.message });
      } finally {
        this.active--;
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.pauseMs));
    }
  }
}

/** Resolves after `ms` (integration tests only: the real processes need real time). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
