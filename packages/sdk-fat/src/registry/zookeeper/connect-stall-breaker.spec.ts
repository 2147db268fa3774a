/// <reference path="./types/node-zookeeper-client.d.ts" />
import type { Client } from 'node-zookeeper-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectStallBreaker } from './connect-stall-breaker.js';

/** A stand-in for the client: only its socket matters here. */
function fakeClient(): { client: Client; destroyed: () => number } {
  let destroyed = 0;
  const internals = { connectionManager: { socket: { destroy: () => destroyed++ } } };
  return { client: internals as unknown as Client, destroyed: () => destroyed };
}

describe('ConnectStallBreaker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('destroys the socket of an attempt that has not connected in time, until connected', () => {
    const { client, destroyed } = fakeClient();
    const breaker = new ConnectStallBreaker(client, 3_000);
    breaker.disconnected();
    breaker.disconnected();
    vi.advanceTimersByTime(2_999);
    expect(destroyed()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(destroyed()).toBe(1);
    vi.advanceTimersByTime(3_000);
    expect(destroyed()).toBe(2);
    breaker.connected();
    vi.advanceTimersByTime(30_000);
    expect(destroyed()).toBe(2);
  });

  it('does nothing while connected, and nothing after stop()', () => {
    const { client, destroyed } = fakeClient();
    const breaker = new ConnectStallBreaker(client, 1_000);
    vi.advanceTimersByTime(5_000);
    breaker.disconnected();
    breaker.stop();
    vi.advanceTimersByTime(5_000);
    expect(destroyed()).toBe(0);
  });
});
