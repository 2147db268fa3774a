import { describe, expect, it } from 'vitest';
import { createProgressLine } from './progress-line.js';

describe('createProgressLine', () => {
  it('redraws in place at most every 200 ms and clears itself at the end', () => {
    let t = 0;
    const written: string[] = [];
    const line = createProgressLine({ write: (text: string) => written.push(text) }, 'direct', () => t);
    line.update({ done: 1, failed: 0, elapsedMs: 10 });
    t = 100;
    line.update({ done: 50, failed: 0, elapsedMs: 100 });
    t = 250;
    line.update({ done: 100, failed: 2, elapsedMs: 250 });
    line.finish();
    expect(written).toEqual([
      '\r\x1b[K1 calls, 100/s, 0 errors, mode direct',
      '\r\x1b[K100 calls, 400/s, 2 errors, mode direct',
      '\r\x1b[K',
    ]);
  });

  it('writes nothing when nothing was drawn', () => {
    const written: string[] = [];
    createProgressLine({ write: (text: string) => written.push(text) }, 'direct').finish();
    expect(written).toEqual([]);
  });
});
