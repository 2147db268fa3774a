import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  currentInboundHeaders,
  enterInboundHeaders,
  normalizeInboundHeaders,
  runWithInboundHeaders,
} from './inbound-headers.js';

describe('inbound headers (traffic-label.md: captured once per request)', () => {
  it('normalizes names and values the way label sources read them', () => {
    expect(
      normalizeInboundHeaders({
        'X-ASM-Prefer-Tag': 'dev-alice',
        'x-forwarded-for': ['10.0.0.1', '10.0.0.2'],
        ':path': '/x',
        'trace-bin': new Uint8Array([1]),
        'content-length': 12,
        absent: undefined,
      }),
    ).toEqual({
      'x-asm-prefer-tag': 'dev-alice',
      'x-forwarded-for': '10.0.0.1, 10.0.0.2',
      'content-length': '12',
    });
  });

  it('is undefined outside a request and follows the request across awaits and timers', async () => {
    expect(currentInboundHeaders()).toBeUndefined();
    const seen = await runWithInboundHeaders({ 'x-asm-prefer-tag': 'dev-alice' }, async () => {
      await Promise.resolve();
      const inTimer = await new Promise((resolve) => setImmediate(() => resolve(currentInboundHeaders())));
      return [currentInboundHeaders(), inTimer];
    });
    expect(seen).toEqual([{ 'x-asm-prefer-tag': 'dev-alice' }, { 'x-asm-prefer-tag': 'dev-alice' }]);
    expect(currentInboundHeaders()).toBeUndefined();
  });

  it('keeps concurrent requests apart', async () => {
    const handle = (lane: string, wait: number) =>
      runWithInboundHeaders({ 'x-asm-prefer-tag': lane }, async () => {
        await delay(wait);
        return currentInboundHeaders()?.['x-asm-prefer-tag'];
      });
    expect(await Promise.all([handle('a', 5), handle('b', 0), handle('c', 2)])).toEqual(['a', 'b', 'c']);
  });

  it('enter applies to what the current execution schedules', async () => {
    const seen = await new Promise((resolve) =>
      setImmediate(() => {
        enterInboundHeaders({ lane: 'x' });
        setImmediate(() => resolve(currentInboundHeaders()));
      }),
    );
    expect(seen).toEqual({ lane: 'x' });
  });
});
