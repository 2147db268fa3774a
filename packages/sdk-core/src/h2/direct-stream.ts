import type { IncomingHeaders } from '@dubbo-mesh/codec-triple';
import type { ChannelStream } from '../channel-session.js';

type HeadersListener = (this: ChannelStream, headers: IncomingHeaders, flags: number) => void;
type DataListener = (this: ChannelStream, chunk: Buffer) => void;
type ErrorListener = (this: ChannelStream, error: Error) => void;
type PlainListener = (this: ChannelStream) => void;

/** What a stream needs from its session: writing frames, flow-control credit, and its end. */
export interface StreamOwner {
  /** Sends what the stream has queued as far as the windows allow. */
  flush(stream: DirectStream): void;
  /** Returns `bytes` of receive window to the peer for this stream (and counts them). */
  consumed(stream: DirectStream, bytes: number): void;
  /** Sends RST_STREAM; the stream has already marked itself closed. */
  reset(stream: DirectStream, code: number): void;
  /** The stream closed: forget it and start waiting streams. */
  closed(stream: DirectStream): void;
}

/** A write larger than this is reported as backpressure (`write` returns false), as Node's default. */
const HIGH_WATER_BYTES = 16_384;

/**
 * One HTTP/2 stream of the direct engine: the request side queues DATA for the session to send as
 * the windows allow, the response side hands headers, data and trailers to listeners. It is a plain
 * object with listener slots, not a Node stream: the Duplex machinery is most of what node:http2
 * costs per call. Events fire in Node's order: response, data..., trailers, close.
 */
export class DirectStream implements ChannelStream {
  /** 0 until the HEADERS are sent (`pending`). */
  id = 0;
  rstCode: number | undefined = undefined;
  closed = false;
  writableEnded = false;
  /** We sent END_STREAM (the request side is done on the wire). */
  localEnded = false;
  /** The peer sent END_STREAM. */
  remoteEnded = false;
  /** Response headers arrived (later HEADERS are trailers). */
  gotResponse = false;
  /** Bytes the reader took that have not been returned to the peer with WINDOW_UPDATE. */
  recvUnacked = 0;
  /** Bytes the peer may still send on this stream (set when the stream starts). */
  recvWindow = 0;
  /** Bytes the peer lets us send on this stream. */
  sendWindow: number;
  /** DATA chunks the windows have not let out yet. */
  readonly sendQueue: Buffer[] = [];
  queuedBytes = 0;
  /** An `end()` is waiting behind `sendQueue`. */
  endQueued = false;
  /** A `write` returned false: emit 'drain' when the queue empties. */
  private needDrain = false;
  private paused = false;
  /** Events held while paused, delivered in order on resume. */
  private held: Array<Buffer | HeldTrailers> | undefined;
  private closeHeld = false;

  private responseListener: HeadersListener | undefined;
  private trailersListener: HeadersListener | undefined;
  private dataListener: DataListener | undefined;
  private errorListener: ErrorListener | undefined;
  private closeListeners: PlainListener[] = [];
  private drainListeners: PlainListener[] = [];

  constructor(
    private readonly owner: StreamOwner,
    /** The request's headers, kept until the stream may start (`pending`), then encoded. */
    public requestHeaders: Readonly<Record<string, string>> | undefined,
    initialSendWindow: number,
  ) {
    this.sendWindow = initialSendWindow;
  }

  get pending(): boolean {
    return this.id === 0;
  }

  get destroyed(): boolean {
    return this.closed;
  }

  on(event: 'response', listener: HeadersListener): this;
  on(event: 'trailers', listener: HeadersListener): this;
  on(event: 'data', listener: DataListener): this;
  on(event: 'error', listener: ErrorListener): this;
  on(event: 'close' | 'drain', listener: PlainListener): this;
  on(event: string, listener: HeadersListener | DataListener | ErrorListener | PlainListener): this {
    switch (event) {
      case 'response':
        this.responseListener = listener as HeadersListener;
        break;
      case 'trailers':
        this.trailersListener = listener as HeadersListener;
        break;
      case 'data':
        this.dataListener = listener as DataListener;
        break;
      case 'error':
        this.errorListener = listener as ErrorListener;
        break;
      case 'close':
        this.closeListeners.push(listener as PlainListener);
        break;
      case 'drain':
        this.drainListeners.push(listener as PlainListener);
        break;
    }
    return this;
  }

  off(event: 'close' | 'drain', listener: PlainListener): this {
    const list = event === 'close' ? this.closeListeners : this.drainListeners;
    const index = list.indexOf(listener);
    if (index >= 0) list.splice(index, 1);
    return this;
  }

  write(chunk: Buffer): boolean {
    if (this.writableEnded || this.closed) return false;
    if (chunk.length > 0) {
      this.sendQueue.push(chunk);
      this.queuedBytes += chunk.length;
      if (this.id !== 0) this.owner.flush(this);
    }
    if (this.queuedBytes >= HIGH_WATER_BYTES) {
      this.needDrain = true;
      return false;
    }
    return true;
  }

  end(chunk?: Buffer): void {
    if (this.writableEnded || this.closed) return;
    this.writableEnded = true;
    if (chunk !== undefined && chunk.length > 0) {
      this.sendQueue.push(chunk);
      this.queuedBytes += chunk.length;
    }
    this.endQueued = true;
    if (this.id !== 0) this.owner.flush(this);
  }

  /** Called by the session after it sent queued data: 'drain' once the queue is empty. */
  sent(): void {
    if (this.needDrain && this.queuedBytes === 0) {
      this.needDrain = false;
      for (const listener of this.drainListeners.slice()) listener.call(this);
    }
  }

  close(code = 0): void {
    if (this.closed) {
      // Ended by the peer while paused, then abandoned by the reader: drop what it never read.
      if (this.closeHeld) {
        this.closeHeld = false;
        this.held = undefined;
        process.nextTick(emitClose, this);
      }
      return;
    }
    this.markClosed(code);
    if (this.id !== 0) this.owner.reset(this, code);
    // Node closes asynchronously; callers (a cancel inside a listener) rely on not re-entering.
    process.nextTick(emitClose, this);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    const held = this.held;
    if (held === undefined) return;
    this.held = undefined;
    for (let i = 0; i < held.length; i++) {
      if (this.paused) {
        // A listener paused again: keep the rest for the next resume.
        this.held = held.slice(i);
        return;
      }
      const item = held[i]!;
      if ('headers' in item) this.trailersListener?.call(this, item.headers, item.flags);
      else this.deliverData(item);
    }
    if (this.closeHeld) {
      this.closeHeld = false;
      this.finishClose();
    }
  }

  /** @internal Response HEADERS (the first non-informational block). */
  receiveResponse(headers: IncomingHeaders, flags: number): void {
    this.gotResponse = true;
    this.responseListener?.call(this, headers, flags);
  }

  /** @internal Trailers: HEADERS after the response, always with END_STREAM. */
  receiveTrailers(headers: IncomingHeaders, flags: number): void {
    if (this.paused || this.held !== undefined) this.hold({ headers, flags });
    else this.trailersListener?.call(this, headers, flags);
  }

  /** @internal A DATA payload (padding already removed). */
  receiveData(chunk: Buffer): void {
    if (this.paused || this.held !== undefined) this.hold(chunk);
    else this.deliverData(chunk);
  }

  private hold(item: Buffer | HeldTrailers): void {
    if (this.held === undefined) this.held = [item];
    else this.held.push(item);
  }

  private deliverData(chunk: Buffer): void {
    this.owner.consumed(this, chunk.length);
    this.dataListener?.call(this, chunk);
  }

  /**
   * @internal Ends the stream for a reason found by the session (peer END_STREAM on both sides,
   * RST_STREAM, GOAWAY, a dead connection). Held data is still delivered before 'close' on a clean
   * end; on a reset it is dropped, as Node drops a destroyed stream's buffer.
   */
  terminate(code: number, error?: Error): void {
    if (this.closed) return;
    this.markClosed(code);
    if (code !== 0) this.held = undefined;
    if (error) this.errorListener?.call(this, error);
    if (this.held !== undefined) this.closeHeld = true;
    else this.finishClose();
  }

  private markClosed(code: number): void {
    this.closed = true;
    this.rstCode = code;
    this.sendQueue.length = 0;
    this.queuedBytes = 0;
  }

  /** @internal */
  finishClose(): void {
    this.owner.closed(this);
    // A listener may remove itself (or another) while we iterate.
    const listeners = this.closeListeners.length === 1 ? this.closeListeners : this.closeListeners.slice();
    for (let i = 0; i < listeners.length; i++) listeners[i]!.call(this);
  }
}

interface HeldTrailers {
  headers: IncomingHeaders;
  flags: number;
}

function emitClose(stream: DirectStream): void {
  stream.finishClose();
}
