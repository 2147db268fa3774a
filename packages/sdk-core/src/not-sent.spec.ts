import { Code, RpcError } from '@dubbo-mesh/codec-triple';
import { describe, expect, it } from 'vitest';
import { markNotSent, wasNotSent } from './not-sent.js';

describe('markNotSent / wasNotSent', () => {
  it('marks an error as never sent and returns the same error', () => {
    const error = new RpcError(Code.Unavailable, 'connection refused');
    expect(wasNotSent(error)).toBe(false);
    expect(markNotSent(error)).toBe(error);
    expect(wasNotSent(error)).toBe(true);
  });

  it('does not mark other errors, even equal-looking ones or ones caused by a marked error', () => {
    const marked = markNotSent(new RpcError(Code.Unavailable, 'refused'));
    expect(wasNotSent(new RpcError(Code.Unavailable, 'refused'))).toBe(false);
    expect(wasNotSent(new RpcError(Code.Unavailable, 'wrapped', { cause: marked }))).toBe(false);
  });

  it('keeps the mark through RpcError.from, which returns RpcErrors as they are', () => {
    const marked = markNotSent(new RpcError(Code.Unavailable, 'refused'));
    expect(wasNotSent(RpcError.from(marked))).toBe(true);
  });

  it.each([undefined, null, 'refused', 14, new Error('plain')])('is false for %j', (value) => {
    expect(wasNotSent(value)).toBe(false);
  });
});
