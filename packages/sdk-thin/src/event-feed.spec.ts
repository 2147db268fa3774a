import { describe, expect, it } from 'vitest';
import { EventFeed } from './event-feed.js';

describe('EventFeed', () => {
  it('calls listeners synchronously and stops after unsubscribe', () => {
    const feed = new EventFeed<number>();
    const seen: number[] = [];
    const off = feed.on((n) => seen.push(n));
    feed.emit(1);
    off();
    feed.emit(2);
    expect(seen).toEqual([1]);
  });

  it('gives each iterator every event from when it started, buffered, until close', async () => {
    const feed = new EventFeed<string>();
    feed.emit('before');
    const iterable = feed.events();
    const reading = (async () => {
      const got: string[] = [];
      for await (const event of iterable) got.push(event);
      return got;
    })();
    feed.emit('a');
    feed.emit('b');
    feed.close();
    expect(await reading).toEqual(['a', 'b']);
  });

  it('a reader that breaks out of its loop is detached', async () => {
    const feed = new EventFeed<number>();
    const iterator = feed.events()[Symbol.asyncIterator]();
    feed.emit(1);
    expect(await iterator.next()).toEqual({ value: 1, done: false });
    await iterator.return?.();
    feed.emit(2);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('a throwing listener does not stop the others', () => {
    const feed = new EventFeed<number>();
    const seen: number[] = [];
    feed.on(() => {
      throw new Error('bug');
    });
    feed.on((n) => seen.push(n));
    feed.emit(7);
    expect(seen).toEqual([7]);
  });
});
