import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { type CallOptions, currentCallOptions, mergeCallOptions, withCallOptions } from './call-options.js';

describe('withCallOptions', () => {
  it('applies its options inside the scope and returns what the function returns', () => {
    const result = withCallOptions({ timeoutMs: 100 }, () => currentCallOptions());
    expect(result).toEqual({ timeoutMs: 100 });
  });

  it('keeps the options across awaits (microtasks and macrotasks)', async () => {
    const seen = await withCallOptions({ timeoutMs: 250, attachments: { tenant: 'a' } }, async () => {
      await Promise.resolve();
      const afterMicrotask = currentCallOptions();
      await nextMacrotask();
      return [afterMicrotask, currentCallOptions()];
    });
    expect(seen).toEqual([
      { timeoutMs: 250, attachments: { tenant: 'a' } },
      { timeoutMs: 250, attachments: { tenant: 'a' } },
    ]);
  });

  it('merges nested scopes: the inner one wins, attachments are merged key by key', () => {
    const onHeader = (): void => {};
    const seen = withCallOptions(
      { timeoutMs: 1_000, attachments: { a: 'outer', b: 'outer' }, onHeader },
      () => withCallOptions({ timeoutMs: 50, attachments: { b: 'inner', c: 3 } }, () => currentCallOptions()),
    );
    expect(seen).toEqual({ timeoutMs: 50, attachments: { a: 'outer', b: 'inner', c: 3 }, onHeader });
  });

  it('restores the outer scope after a nested one', () => {
    const seen = withCallOptions({ timeoutMs: 1 }, () => {
      withCallOptions({ timeoutMs: 2 }, () => undefined);
      return currentCallOptions();
    });
    expect(seen).toEqual({ timeoutMs: 1 });
  });

  it('does not leak outside the scope, also when the function throws', () => {
    withCallOptions({ timeoutMs: 1 }, () => undefined);
    expect(currentCallOptions()).toBeUndefined();
    expect(() =>
      withCallOptions({ timeoutMs: 1 }, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(currentCallOptions()).toBeUndefined();
  });

  it('keeps concurrent scopes apart', async () => {
    const run = (tenant: string) =>
      withCallOptions({ attachments: { tenant } }, async () => {
        await nextMacrotask();
        return currentCallOptions()?.attachments?.tenant;
      });
    expect(await Promise.all([run('a'), run('b'), run('c')])).toEqual(['a', 'b', 'c']);
    expect(currentCallOptions()).toBeUndefined();
  });

  it('does not change the options objects it was given', () => {
    const outer: CallOptions = { attachments: { a: '1' } };
    const inner: CallOptions = { attachments: { b: '2' } };
    withCallOptions(outer, () => withCallOptions(inner, () => undefined));
    expect(outer).toEqual({ attachments: { a: '1' } });
    expect(inner).toEqual({ attachments: { b: '2' } });
  });
});

describe('mergeCallOptions', () => {
  it('gives an empty object for two missing option sets', () => {
    expect(mergeCallOptions(undefined, undefined)).toEqual({});
  });

  it('returns the one side that is present', () => {
    const only: CallOptions = { timeoutMs: 5 };
    expect(mergeCallOptions(only, undefined)).toEqual({ timeoutMs: 5 });
    expect(mergeCallOptions(undefined, only)).toEqual({ timeoutMs: 5 });
  });

  it('lets the second win field by field and keeps fields only the first has', () => {
    const signal = new AbortController().signal;
    const onTrailer = (): void => {};
    expect(mergeCallOptions({ timeoutMs: 5, signal }, { timeoutMs: 9, onTrailer })).toEqual({
      timeoutMs: 9,
      signal,
      onTrailer,
    });
  });

  it('merges attachments key by key, the second winning, without changing either input', () => {
    const a: CallOptions = { attachments: { x: '1', y: '1' } };
    const b: CallOptions = { attachments: { y: '2', z: true } };
    expect(mergeCallOptions(a, b)).toEqual({ attachments: { x: '1', y: '2', z: true } });
    expect(a.attachments).toEqual({ x: '1', y: '1' });
    expect(b.attachments).toEqual({ y: '2', z: true });
  });

  it('keeps the attachments of whichever side has them', () => {
    expect(mergeCallOptions({ attachments: { x: '1' } }, { timeoutMs: 1 })).toEqual({
      attachments: { x: '1' },
      timeoutMs: 1,
    });
    expect(mergeCallOptions({ timeoutMs: 1 }, { attachments: { x: '1' } })).toEqual({
      attachments: { x: '1' },
      timeoutMs: 1,
    });
  });

  it('keeps a timeout of 0 from the second (a falsy value still wins)', () => {
    expect(mergeCallOptions({ timeoutMs: 100 }, { timeoutMs: 0 })).toEqual({ timeoutMs: 0 });
  });

  it('treats a field explicitly set to undefined as unset', () => {
    const merged = mergeCallOptions(
      { timeoutMs: 100, attachments: { a: '1' } },
      { timeoutMs: undefined, attachments: undefined },
    );
    expect(merged.timeoutMs).toBe(100);
    expect(merged.attachments).toEqual({ a: '1' });
  });
});
