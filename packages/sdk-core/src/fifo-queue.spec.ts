import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FifoQueue } from './fifo-queue.js';

describe('FifoQueue', () => {
  it('gives items back in the order they came, and undefined when empty', () => {
    const queue = new FifoQueue<number>();
    expect(queue.shift()).toBeUndefined();
    queue.push(1);
    queue.push(2);
    expect(queue.peek()).toBe(1);
    expect(queue.size).toBe(2);
    expect(queue.shift()).toBe(1);
    queue.push(3);
    expect(queue.drain()).toEqual([2, 3]);
    expect(queue.size).toBe(0);
    expect(queue.peek()).toBeUndefined();
  });

  it('behaves like an array used as a queue, across compactions', () => {
    // true: push the next number; false: shift. Long runs cross the 1,024-item compaction point.
    const ops = fc.array(
      fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 2 }),
      { maxLength: 5000 },
    );
    fc.assert(
      fc.property(ops, (sequence) => {
        const queue = new FifoQueue<number>();
        const model: number[] = [];
        let next = 0;
        for (const push of sequence) {
          if (push) {
            queue.push(next);
            model.push(next++);
          } else {
            expect(queue.shift()).toBe(model.shift());
          }
          expect(queue.size).toBe(model.length);
          expect(queue.peek()).toBe(model[0]);
        }
        expect(queue.drain()).toEqual(model);
      }),
      { numRuns: 50 },
    );
  });

  it('compacts a long-lived queue', () => {
    const queue = new FifoQueue<number>();
    for (let i = 0; i < 3000; i++) queue.push(i);
    for (let i = 0; i < 2500; i++) expect(queue.shift()).toBe(i);
    expect(queue.size).toBe(500);
    expect(queue.drain()[0]).toBe(2500);
  });
});
