import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestReplay } from './request-replay.js';

describe('RequestReplay', () => {
  it('keeps every chunk while the total fits, and nothing once it does not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 12 }),
        fc.nat(200),
        (chunks, max) => {
          const replay = new RequestReplay(max);
          for (const chunk of chunks) replay.push(Buffer.from(chunk));
          const total = chunks.reduce((n, c) => n + c.length, 0);
          expect(replay.complete).toBe(total <= max);
          expect(Buffer.concat(replay.chunks)).toEqual(
            total <= max ? Buffer.concat(chunks) : Buffer.alloc(0),
          );
        },
      ),
    );
  });

  it('stays dropped after a release, whatever comes next', () => {
    const replay = new RequestReplay(100);
    replay.push(Buffer.from('abc'));
    replay.release();
    replay.push(Buffer.from('d'));
    expect(replay.complete).toBe(false);
    expect(replay.chunks).toEqual([]);
  });
});
