import type { InboundRespondOptions, InboundResponseHeaders, InboundStream } from '../inbound-stream.js';
import type { ConnectionStream } from './direct-connection.js';

type DataListener = (this: InboundStream, chunk: Buffer) => void;
type ErrorListener = (this: InboundStream, error: Error) => void;
type PlainListener = (this: InboundStream) => void;

/** What a server stream needs from its session: sending, flow-control credit, and its end. */
export interface ServerStreamOwner {
  /** Sends a header block on the stream: the response, or the trailers (`endStream`). */
  sendHeaders(stream: DirectServerStream, headers: InboundResponseHeaders, endStream: boolean): void;
  /** Sends what the stream has queued as far as the windows allow. */
  flush(stream: DirectServerStream): void;
  /** Returns `bytes` of receive window to the peer for this stream (and counts them). */
  consumed(stream: DirectServerStream, bytes: number): void;
  /** Sends RST_STREAM; the stream has already marked itself closed. */
  reset(stream: DirectServerStream, code: number): void;
  /** The stream closed: forget it. */
  streamClosed(stream: DirectServerStream): void;
  /** Request bytes held for a paused reader went up (or down, negative) by `bytes`. */
  heldChanged(bytes: number): void;
}

/** A write larger than this is reported as backpressure (`write` returns false), as Node's default. */
const HIGH_WATER_BYTES = 16_384;

/** The request's end, held in order behind data while the stream is paused. */
const END = Symbol('end');

/**
 * One request stream of the direct engine's server: request DATA and its end go to listeners
 * (held while paused, which holds the caller back by flow control), the response goes out as
 * HEADERS, DATA within the windows, and trailers on 'wantTrailers'. A plain object with listener
 * lists, not a Node Duplex, with the surface of ServerHttp2Stream the sidecar uses (InboundStream).
 * As in Node, request data waits until a 'data' listener or `resume()` makes the stream flow, and
 * 'close' comes on a later tick than whatever ended the stream.
 */
export class DirectServerStream implements InboundStream, ConnectionStream {
  rstCode: number | undefined = undefined;
  closed = false;
  headersSent = false;
  writableEnded = false;
  localEnded = false;
  remoteEnded = false;
  recvUnacked = 0;
  recvWindow: number;
  sendWindow: number;
  readonly sendQueue: Buffer[] = [];
  queuedBytes = 0;
  endQueued = false;
  /** `respond` asked for trailers: `end()` leads to 'wantTrailers' instead of END_STREAM on DATA. */
  private waitForTrailers = false;
  /** `end()` was called with trailers wanted; 'wantTrailers' fires once the queue is sent. */
  private trailersDue = false;
  /** A `write` returned false: emit 'drain' when the queue empties. */
  private needDrain = false;
  /** Like Readable's flowing state: null until a 'data' listener or resume(), false when paused. */
  private flowing: boolean | null = null;
  /** Request data (and its end) not delivered yet, in order. */
  private held: Array<Buffer | typeof END> | undefined;
  /** Bytes of data in `held` (counted by the session too, which bounds them per connection). */
  private heldBytes = 0;
  private deliveryScheduled = false;
  private closeScheduled = false;

  private dataListeners: DataListener[] = [];
  private endListeners: PlainListener[] = [];
  private errorListeners: ErrorListener[] = [];
  private closeListeners: PlainListener[] = [];
  private drainListeners: PlainListener[] = [];
  private wantTrailersListeners: PlainListener[] = [];

  constructor(
    private readonly owner: ServerStreamOwner,
    /** The stream id the client chose. */
    public id: number,
    initialSendWindow: number,
    initialRecvWindow: number,
  ) {
    this.sendWindow = initialSendWindow;
    this.recvWindow = initialRecvWindow;
  }

  get destroyed(): boolean {
    return this.closed;
  }

  on(event: 'data', listener: DataListener): this;
  on(event: 'error', listener: ErrorListener): this;
  on(event: 'end' | 'close' | 'drain' | 'wantTrailers', listener: PlainListener): this;
  on(event: string, listener: DataListener | ErrorListener | PlainListener): this {
    switch (event) {
      case 'data':
        this.dataListeners.push(listener as DataListener);
        // As a Readable: a 'data' listener starts the flow unless the stream was paused first.
        if (this.flowing === null) this.resume();
        break;
      case 'end':
        this.endListeners.push(listener as PlainListener);
        break;
      case 'error':
        this.errorListeners.push(listener as ErrorListener);
        break;
      case 'close':
        this.closeListeners.push(listener as PlainListener);
        break;
      case 'drain':
        this.drainListeners.push(listener as PlainListener);
        break;
      case 'wantTrailers':
        this.wantTrailersListeners.push(listener as PlainListener);
        break;
    }
    return this;
  }

  // ---- the response ----

  respond(headers: InboundResponseHeaders, options?: InboundRespondOptions): void {
    if (this.closed) return;
    if (this.headersSent) {
      throw Object.assign(new Error('response headers were already sent'), {
        code: 'ERR_HTTP2_HEADERS_SENT',
      });
    }
    this.headersSent = true;
    const endStream = options?.endStream === true;
    this.waitForTrailers = options?.waitForTrailers === true;
    this.owner.sendHeaders(this, headers, endStream);
    if (endStream) {
      this.writableEnded = true;
      this.sendQueue.length = 0;
      this.queuedBytes = 0;
      this.localEnded = true;
      if (this.remoteEnded) this.terminate(0);
      return;
    }
    if (this.queuedBytes > 0 || this.endQueued || this.trailersDue) this.owner.flush(this);
  }

  write(chunk: Buffer): boolean {
    if (this.writableEnded || this.closed) return false;
    if (chunk.length > 0) {
      this.sendQueue.push(chunk);
      this.queuedBytes += chunk.length;
      if (this.headersSent) this.owner.flush(this);
    }
    if (this.queuedBytes >= HIGH_WATER_BYTES) {
      this.needDrain = true;
      return false;
    }
    return true;
  }

  end(): void {
    if (this.writableEnded || this.closed) return;
    this.writableEnded = true;
    if (this.waitForTrailers) this.trailersDue = true;
    else this.endQueued = true;
    // Node answers `:status 200` when a response is ended before `respond`.
    if (!this.headersSent) this.respond({ ':status': 200 });
    else this.owner.flush(this);
  }

  sendTrailers(headers: InboundResponseHeaders): void {
    if (this.closed || this.localEnded) return;
    this.localEnded = true;
    this.owner.sendHeaders(this, headers, true);
    if (this.remoteEnded) this.terminate(0);
  }

  /** @internal Called by the session after it sent queued data: 'drain', then 'wantTrailers'. */
  sent(): void {
    if (this.needDrain && this.queuedBytes === 0) {
      this.needDrain = false;
      for (const listener of this.drainListeners.slice()) listener.call(this);
    }
    if (this.trailersDue && this.queuedBytes === 0 && !this.closed) {
      this.trailersDue = false;
      for (const listener of this.wantTrailersListeners.slice()) listener.call(this);
    }
  }

  close(code = 0): void {
    if (this.closed) {
      // Ended cleanly while paused, then abandoned by the reader: drop what it never read.
      if (this.held !== undefined) {
        this.dropHeld();
        this.scheduleClose();
      }
      return;
    }
    this.markClosed(code);
    this.owner.reset(this, code);
    this.scheduleClose();
  }

  // ---- the request ----

  pause(): void {
    this.flowing = false;
  }

  resume(): void {
    if (this.flowing === true) return;
    this.flowing = true;
    // Delivered on the next tick, as a Readable does: listeners added right after (an 'end' after
    // the 'data' one) must not miss what was already held.
    if (this.held !== undefined) this.scheduleDelivery();
  }

  /** @internal A DATA payload (padding already removed). */
  receiveData(chunk: Buffer): void {
    if (this.flowing !== true || this.held !== undefined) this.hold(chunk);
    else this.deliverData(chunk);
  }

  /** @internal The client ended its side (END_STREAM on HEADERS, DATA or trailers). */
  receiveEnd(): void {
    if (this.flowing !== true || this.held !== undefined) this.hold(END);
    else this.deliverEnd();
  }

  /** @internal Whether DATA arriving now would be held rather than delivered. */
  get holding(): boolean {
    return this.flowing !== true || this.held !== undefined;
  }

  private hold(item: Buffer | typeof END): void {
    if (item !== END) {
      this.heldBytes += item.length;
      this.owner.heldChanged(item.length);
    }
    if (this.held === undefined) this.held = [item];
    else this.held.push(item);
  }

  /** Forgets held data without delivering it (a reset, or a reader that closed the stream). */
  private dropHeld(): void {
    this.held = undefined;
    if (this.heldBytes > 0) {
      this.owner.heldChanged(-this.heldBytes);
      this.heldBytes = 0;
    }
  }

  private scheduleDelivery(): void {
    if (this.deliveryScheduled) return;
    this.deliveryScheduled = true;
    process.nextTick(deliverHeld, this);
  }

  /** @internal Delivers held data and end while the stream flows. */
  deliverHeld(): void {
    this.deliveryScheduled = false;
    const held = this.held;
    if (held === undefined) return;
    let i = 0;
    for (; i < held.length && this.flowing === true; i++) {
      const item = held[i]!;
      if (item === END) this.deliverEnd();
      else {
        this.heldBytes -= item.length;
        this.owner.heldChanged(-item.length);
        this.deliverData(item);
      }
    }
    this.held = i < held.length ? held.slice(i) : undefined;
    if (this.held === undefined && this.closeScheduled === false && this.closed) this.scheduleClose();
  }

  private deliverData(chunk: Buffer): void {
    this.owner.consumed(this, chunk.length);
    const listeners = this.dataListeners;
    if (listeners.length === 1) listeners[0]!.call(this, chunk);
    else for (const listener of listeners.slice()) listener.call(this, chunk);
  }

  private deliverEnd(): void {
    for (const listener of this.endListeners.slice()) listener.call(this);
  }

  // ---- the end ----

  /**
   * @internal Ends the stream for a reason found by the session (both sides ended, RST_STREAM from
   * the client, a lost connection). On a clean end held request data is still delivered before
   * 'close'; on a reset it is dropped, as Node drops a destroyed stream's buffer.
   */
  terminate(code: number, error?: Error): void {
    if (this.closed) return;
    this.markClosed(code);
    if (code !== 0) this.dropHeld();
    if (error) for (const listener of this.errorListeners.slice()) listener.call(this, error);
    this.scheduleClose();
  }

  private markClosed(code: number): void {
    this.closed = true;
    this.rstCode = code;
    this.sendQueue.length = 0;
    this.queuedBytes = 0;
    this.trailersDue = false;
  }

  private scheduleClose(): void {
    if (this.closeScheduled) return;
    this.closeScheduled = true;
    // Node closes on a later tick; the sidecar ends a call where it ended the stream and counts on
    // 'close' not running inside that.
    process.nextTick(emitClose, this);
  }

  /** @internal */
  finishClose(): void {
    if (this.held !== undefined) {
      // A clean end waits for held request data to be read (deliverHeld closes after it) or
      // dropped (`close()`), as DirectStream does.
      this.closeScheduled = false;
      return;
    }
    this.owner.streamClosed(this);
    for (const listener of this.closeListeners.slice()) listener.call(this);
  }
}

function deliverHeld(stream: DirectServerStream): void {
  stream.deliverHeld();
}

function emitClose(stream: DirectServerStream): void {
  stream.finishClose();
}
