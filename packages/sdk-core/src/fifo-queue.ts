/**
 * A first-in first-out queue whose `shift` is O(1) (Array#shift copies the array): the channel keeps
 * the calls waiting for a stream in one, and thousands may wait at once (http2-channel.ts).
 */
export class FifoQueue<T> {
  private items: Array<T | undefined> = [];
  private head = 0;

  /** How many items are queued. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** Adds `item` at the back. */
  push(item: T): void {
    this.items.push(item);
  }

  /** The front item, left in place. */
  peek(): T | undefined {
    return this.items[this.head];
  }

  /** Removes and returns the front item. */
  shift(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined; // no reference kept to a call that has left
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      // Drop the consumed front once it is at least half the array, so memory follows the size.
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Removes and returns every item, front first. */
  drain(): T[] {
    const rest = this.items.slice(this.head) as T[];
    this.items = [];
    this.head = 0;
    return rest;
  }
}
