import * as f from './frame-types.js';

/** A frame a test peer read; `payload` is a copy. */
export interface ReceivedFrame {
  readonly type: number;
  readonly flags: number;
  readonly streamId: number;
  readonly payload: Buffer;
}

interface Waiter {
  readonly ready: () => boolean;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * What the scripted test peers (raw-peer.fixture.ts, a server; raw-client.fixture.ts, a client)
 * share: every frame received, in order; header blocks joined from HEADERS and CONTINUATION and
 * handed on whole; and waiting on frames or on the connection closing, never on time.
 */
export class FrameLog {
  readonly frames: ReceivedFrame[] = [];
  /** The connection has closed: waits that cannot be met any more fail. */
  closed = false;
  private readonly waiters = new Set<Waiter>();
  private headerBlock: { streamId: number; parts: Buffer[] } | undefined;

  constructor(
    /** A whole header block arrived on `streamId` (the test peer decodes it with its own table). */
    private readonly onHeaderBlock: (streamId: number, block: Buffer) => void,
  ) {}

  /** Records one frame; call `settle()` after acting on it. */
  record(type: number, flags: number, streamId: number, payload: Buffer): ReceivedFrame {
    const received: ReceivedFrame = { type, flags, streamId, payload: Buffer.from(payload) };
    this.frames.push(received);
    if (type === f.FRAME_HEADERS || type === f.FRAME_CONTINUATION) this.onHeaderFragment(received);
    return received;
  }

  /** The connection closed: pending waits are failed. */
  markClosed(): void {
    this.closed = true;
    this.settle();
  }

  /** Resolves once `ready()` holds (checked after every frame); rejects if the connection closes first. */
  until(ready: () => boolean): Promise<void> {
    if (ready()) return Promise.resolve();
    if (this.closed) return Promise.reject(new Error('the connection closed first'));
    return new Promise((resolve, reject) => {
      this.waiters.add({ ready, resolve, reject });
    });
  }

  /** The first frame (already received or still to come) that matches. */
  async waitFor(match: (received: ReceivedFrame) => boolean): Promise<ReceivedFrame> {
    let found: ReceivedFrame | undefined;
    await this.until(() => {
      found = this.frames.find(match);
      return found !== undefined;
    });
    return found!;
  }

  settle(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.ready()) {
        this.waiters.delete(waiter);
        waiter.resolve();
      } else if (this.closed) {
        this.waiters.delete(waiter);
        waiter.reject(new Error('the connection closed before the awaited frames arrived'));
      }
    }
  }

  /** Joins HEADERS and CONTINUATION payloads (test peers' counterparts never pad). */
  private onHeaderFragment(received: ReceivedFrame): void {
    if (received.type === f.FRAME_HEADERS) this.headerBlock = { streamId: received.streamId, parts: [] };
    const block = this.headerBlock;
    if (block === undefined || block.streamId !== received.streamId) {
      throw new Error(`header fragment out of place on stream ${received.streamId}`);
    }
    block.parts.push(received.payload);
    if ((received.flags & f.FLAG_END_HEADERS) === 0) return;
    this.headerBlock = undefined;
    this.onHeaderBlock(block.streamId, Buffer.concat(block.parts));
  }
}
