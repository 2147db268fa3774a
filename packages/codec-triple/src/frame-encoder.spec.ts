import { describe, expect, it } from 'vitest';
import { encodeFrame } from './frame-encoder.js';

describe('encodeFrame', () => {
  it('writes an empty message as 00 00 00 00 00 (triple.md §3)', () => {
    expect([...encodeFrame(new Uint8Array(0))]).toEqual([0, 0, 0, 0, 0]);
  });

  it('writes the flag, the big-endian length and the message', () => {
    const message = new Uint8Array(0x0102).fill(7);
    const frame = encodeFrame(message, true);
    expect(frame.length).toBe(5 + 0x0102);
    expect([...frame.subarray(0, 5)]).toEqual([1, 0, 0, 1, 2]);
    expect(frame.subarray(5).equals(message)).toBe(true);
  });

  it('defaults to uncompressed', () => {
    expect(encodeFrame(Uint8Array.of(9))[0]).toBe(0);
    expect(encodeFrame(Uint8Array.of(9), false)[0]).toBe(0);
  });

  it('copies only the viewed bytes of a subarray message', () => {
    const backing = Uint8Array.of(1, 2, 3, 4, 5);
    expect([...encodeFrame(backing.subarray(1, 3))]).toEqual([0, 0, 0, 0, 2, 2, 3]);
  });

  it('frames the sayHello request of triple.md §4 as the 41 bytes of §10.2', () => {
    const hex =
      '0a 08 68 65 73 73 69 61 6e 34 12 06 05 77 6f 72 6c 64 1a 10 6a 61 76 61 2e 6c 61 6e 67 2e 53 74 72 69 6e 67';
    const body = Buffer.from(hex.replaceAll(' ', ''), 'hex');
    expect(encodeFrame(body).toString('hex')).toBe(`0000000024${body.toString('hex')}`);
    expect(encodeFrame(body).length).toBe(41);
  });
});
