import type { InboundHeaders } from './inbound-headers.js';

/**
 * Inbound requests in flight, found by a pass-through id such as `x-request-id`: what
 * `$getExternalInboundRequestHeader(contextId, h)` reads (traffic-label.md "Sources of a value")
 * when an outbound call is made outside the request's async context (a queue consumer, a callback
 * from a pooled client) but carries the id. Only the id headers some rule names are indexed, and a
 * request leaves the index when its response ends, so the index holds at most the requests in flight.
 */
export class InboundRequestIndex {
  private readonly idHeaders = new Set<string>();
  private readonly byId = new Map<string, InboundHeaders>();

  /** Indexes requests by `header` from now on (a rule with `$getExternalInboundRequestHeader` needs it). */
  indexBy(header: string): void {
    this.idHeaders.add(header.toLowerCase());
  }

  /**
   * Adds a request; call the returned function when its response has ended. Undefined when the
   * request was not indexed (no rule needs it, or it has no id), so nothing need be called.
   */
  track(headers: InboundHeaders): (() => void) | undefined {
    if (this.idHeaders.size === 0) return undefined;
    const keys: string[] = [];
    for (const header of this.idHeaders) {
      const value = headers[header];
      if (value === undefined || value === '') continue;
      const key = keyOf(header, value);
      this.byId.set(key, headers);
      keys.push(key);
    }
    if (keys.length === 0) return undefined;
    return () => {
      // A later request with the same id replaced this one: leave it.
      for (const key of keys) if (this.byId.get(key) === headers) this.byId.delete(key);
    };
  }

  /** The request in flight whose `header` is `value`, if any. */
  find(header: string, value: string): InboundHeaders | undefined {
    return this.byId.get(keyOf(header.toLowerCase(), value));
  }

  /** Requests indexed now (for tests and metrics). */
  get size(): number {
    return this.byId.size;
  }
}

function keyOf(header: string, value: string): string {
  return `${header}\n${value}`;
}

/** The index the ready middleware fill and the TrafficLabel interceptor reads. */
export const inboundRequests = new InboundRequestIndex();
