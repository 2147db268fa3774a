import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { MessageQueue } from './message-queue.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('MessageQueue', () => {
  it('delivers pushed messages in order, then ends', async () => {
    const queue = new MessageQueue<number>(16);
    queue.push(1);
    queue.push(2);
    queue.push(3);
    queue.end();
    expect(await collect(queue)).toEqual([1, 2, 3]);
  });

  it('delivers any interleaving of pushes and reads in push order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer()),
        fc.integer({ min: 1, max: 8 }),
        async (items, highWaterMark) => {
          const queue = new MessageQueue<number>(highWaterMark);
          const reading = collect(queue);
          for (const item of items) {
            queue.push(item);
            // Let the consumer run between some pushes, so both the buffered and the waiting paths are used.
            if (item % 2 === 0) await Promise.resolve();
          }
          queue.end();
          expect(await reading).toEqual(items);
        },
      ),
    );
  });

  it('hands a message straight to a waiting consumer', async () => {
    const queue = new MessageQueue<string>(1);
    const iterator = queue[Symbol.asyncIterator]();
    const pending = iterator.next();
    expect(queue.push('a')).toBe(true);
    await expect(pending).resolves.toEqual({ value: 'a', done: false });
  });

  it('tells the producer to pause once the high-water mark is reached', () => {
    const queue = new MessageQueue<number>(3);
    expect(queue.push(1)).toBe(true);
    expect(queue.push(2)).toBe(true);
    expect(queue.push(3)).toBe(false);
    expect(queue.push(4)).toBe(false);
  });

  it('drops messages pushed after the end and says so', async () => {
    const queue = new MessageQueue<number>(16);
    queue.push(1);
    queue.end();
    expect(queue.ended).toBe(true);
    expect(queue.push(2)).toBe(false);
    expect(await collect(queue)).toEqual([1]);
  });

  it('asks for more (onDemand) when the consumer has drained the buffer, not before', async () => {
    const onDemand = vi.fn();
    const queue = new MessageQueue<number>(2, { onDemand });
    queue.push(1);
    expect(queue.push(2)).toBe(false);
    const iterator = queue[Symbol.asyncIterator]();
    await expect(iterator.next()).resolves.toEqual({ value: 1, done: false });
    expect(onDemand).not.toHaveBeenCalled();
    await expect(iterator.next()).resolves.toEqual({ value: 2, done: false });
    expect(onDemand).toHaveBeenCalledTimes(1);
  });

  it('asks for more (onDemand) when the consumer waits on an empty queue', () => {
    const onDemand = vi.fn();
    const queue = new MessageQueue<number>(2, { onDemand });
    void queue[Symbol.asyncIterator]().next();
    expect(onDemand).toHaveBeenCalledTimes(1);
  });

  it('does not ask for more after the producer ended', async () => {
    const onDemand = vi.fn();
    const queue = new MessageQueue<number>(2, { onDemand });
    queue.push(1);
    queue.end();
    expect(await collect(queue)).toEqual([1]);
    expect(onDemand).not.toHaveBeenCalled();
  });

  it('delivers buffered messages before the error the queue ended with', async () => {
    const queue = new MessageQueue<number>(16);
    const error = new Error('stream reset');
    queue.push(1);
    queue.push(2);
    queue.end(error);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of queue) seen.push(item);
      })(),
    ).rejects.toBe(error);
    expect(seen).toEqual([1, 2]);
  });

  it('rejects a waiting consumer with the error', async () => {
    const queue = new MessageQueue<number>(16);
    const pending = queue[Symbol.asyncIterator]().next();
    const error = new Error('deadline');
    queue.end(error);
    await expect(pending).rejects.toBe(error);
  });

  it('reports done after delivering the error to a consumer that read the buffered messages', async () => {
    const queue = new MessageQueue<number>(16);
    const iterator = queue[Symbol.asyncIterator]();
    const error = new Error('deadline');
    queue.push(1);
    queue.end(error);
    await expect(iterator.next()).resolves.toEqual({ value: 1, done: false });
    await expect(iterator.next()).rejects.toBe(error);
    await expect(iterator.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('delivers the error once to a consumer that was waiting, then reports done', async () => {
    const queue = new MessageQueue<number>(16);
    const iterator = queue[Symbol.asyncIterator]();
    const pending = iterator.next();
    const error = new Error('deadline');
    queue.end(error);
    await expect(pending).rejects.toBe(error);
    await expect(iterator.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('ignores a second end: the first error wins', async () => {
    const queue = new MessageQueue<number>(16);
    const first = new Error('first');
    queue.end(first);
    queue.end(new Error('second'));
    await expect(collect(queue)).rejects.toBe(first);
  });

  it('calls onReturn once and drops buffered messages when the consumer breaks out', async () => {
    const onReturn = vi.fn();
    const queue = new MessageQueue<number>(16, { onReturn });
    queue.push(1);
    queue.push(2);
    queue.push(3);
    for await (const item of queue) {
      expect(item).toBe(1);
      break;
    }
    expect(onReturn).toHaveBeenCalledTimes(1);
    expect(queue.ended).toBe(true);
    expect(queue.push(4)).toBe(false);
  });

  it('drops the buffered messages on return(): the iterator reports done', async () => {
    const onReturn = vi.fn();
    const queue = new MessageQueue<number>(16, { onReturn });
    queue.push(1);
    queue.push(2);
    const iterator = queue[Symbol.asyncIterator]();
    await iterator.return?.();
    await iterator.return?.();
    expect(onReturn).toHaveBeenCalledTimes(1);
    await expect(iterator.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('does not call onReturn when the stream had already ended', async () => {
    const onReturn = vi.fn();
    const queue = new MessageQueue<number>(16, { onReturn });
    queue.push(1);
    queue.end();
    for await (const _ of queue) break;
    expect(onReturn).not.toHaveBeenCalled();
  });

  it('settles a next() that is pending when return() is called', async () => {
    const queue = new MessageQueue<number>(16, { onReturn: () => {} });
    const iterator = queue[Symbol.asyncIterator]();
    const pending = iterator.next();
    await iterator.return?.();
    const outcome = await Promise.race([
      pending.then(() => 'settled'),
      new Promise<string>((resolve) => setImmediate(() => resolve('still pending'))),
    ]);
    expect(outcome).toBe('settled');
  });

  it('can be iterated only once', () => {
    const queue = new MessageQueue<number>(16);
    queue[Symbol.asyncIterator]();
    expect(() => queue[Symbol.asyncIterator]()).toThrow(TypeError);
    expect(() => queue[Symbol.asyncIterator]()).toThrow('iterated only once');
  });
});
