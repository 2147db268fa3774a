/**
 * A single-consumer async queue: the producer pushes as messages arrive, the consumer iterates.
 * `onDemand` tells the producer when the consumer has drained it (for HTTP/2 flow control), and
 * `onReturn` when the consumer stopped early (to cancel the stream).
 */
export class MessageQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private done = false;
  private error: unknown;
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  private iterated = false;

  constructor(
    private readonly highWaterMark: number,
    private readonly hooks: { onDemand?: () => void; onReturn?: () => void } = {},
  ) {}

  /** Adds a message; returns false when the consumer is behind and the producer should pause. */
  push(item: T): boolean {
    if (this.done) return false;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter.resolve({ value: item, done: false });
      return true;
    }
    this.items.push(item);
    return this.items.length < this.highWaterMark;
  }

  /** Ends the queue, with an error the consumer will see after the buffered messages. */
  end(error?: unknown): void {
    if (this.done) return;
    this.done = true;
    this.error = error;
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = undefined;
    // The waiting consumer takes the error now; later next() calls just report done.
    this.error = undefined;
    if (error !== undefined) waiter.reject(error);
    else waiter.resolve({ value: undefined, done: true });
  }

  get ended(): boolean {
    return this.done;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.iterated) throw new TypeError('a stream response can be iterated only once');
    this.iterated = true;
    return {
      next: () => this.next(),
      return: () => {
        if (!this.done) {
          this.done = true;
          this.items.length = 0;
          this.hooks.onReturn?.();
        }
        // A next() still waiting (the consumer stopped from another task) must settle too.
        const waiter = this.waiter;
        this.waiter = undefined;
        waiter?.resolve({ value: undefined, done: true });
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  private next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) {
      const value = this.items.shift() as T;
      if (this.items.length === 0 && !this.done) this.hooks.onDemand?.();
      return Promise.resolve({ value, done: false });
    }
    if (this.done) {
      if (this.error !== undefined) {
        const error = this.error;
        this.error = undefined;
        return Promise.reject(error);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    this.hooks.onDemand?.();
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }
}
