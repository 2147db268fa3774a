/** Stops a listener added with {@link EventFeed.on}. */
export type Unsubscribe = () => void;

/**
 * Events for two kinds of reader: listeners (`on`) called synchronously as each event happens, and
 * async iterators (`events()`) that each get every event from the moment they start, buffered until
 * read. `close()` ends every iterator.
 */
export class EventFeed<T> {
  private readonly listeners = new Set<(event: T) => void>();
  private readonly readers = new Set<FeedReader<T>>();
  private closed = false;

  /** Calls `listener` for every event from now on. A listener that throws does not stop the others. */
  on(listener: (event: T) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every event from now until `close()`, in order; leaving the loop early unsubscribes. */
  events(): AsyncIterable<T> {
    return {
      [Symbol.asyncIterator]: () => {
        const reader = new FeedReader<T>(() => this.readers.delete(reader));
        if (this.closed) reader.end();
        else this.readers.add(reader);
        return reader;
      },
    };
  }

  emit(event: T): void {
    if (this.closed) return;
    for (const reader of this.readers) reader.push(event);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A listener's bug must not stop the state machine that emitted the event; it is reported.
        process.emitWarning(`dubbo-mesh: an event listener threw: ${String(error)}`);
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    for (const reader of this.readers) reader.end();
    this.readers.clear();
  }
}

class FeedReader<T> implements AsyncIterator<T> {
  private readonly buffer: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private done = false;

  constructor(private readonly detach: () => void) {}

  push(event: T): void {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting({ value: event, done: false });
    } else {
      this.buffer.push(event);
    }
  }

  end(): void {
    this.done = true;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift() as T, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.detach();
    this.end();
    this.buffer.length = 0;
    return Promise.resolve({ value: undefined, done: true });
  }
}
