import http2 from 'node:http2';
import type { IncomingHeaders } from '@dubbo-mesh/codec-triple';
import type { ChannelStream, Http2Channel } from '@dubbo-mesh/sdk-core';

const { NGHTTP2_CANCEL, NGHTTP2_FLAG_END_STREAM, NGHTTP2_NO_ERROR, NGHTTP2_REFUSED_STREAM } = http2.constants;

type SessionHandle = ReturnType<Http2Channel['acquire']>;

/**
 * How one attempt ended. `refused` and `unreachable` provably never reached the provider, so the
 * call may be sent again (http2-notes.md: REFUSED_STREAM and streams above a GOAWAY's last stream
 * id were not processed; a connection never made carried nothing); every other end may have executed.
 */
export type AttemptEnd =
  | { readonly kind: 'done' }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'unreachable'; readonly reason: string }
  | { readonly kind: 'lost'; readonly reason: string }
  | { readonly kind: 'reset'; readonly code: number }
  | { readonly kind: 'cancelled' };

/**
 * What the attempt reports, in wire order. One object (the forwarded call itself) rather than a
 * closure per event: the sidecar's CPU per call is mostly allocation (issue 5).
 */
export interface AttemptEvents {
  attemptResponse(headers: IncomingHeaders, endStream: boolean): void;
  attemptData(chunk: Buffer): void;
  attemptTrailers(trailers: IncomingHeaders): void;
  /** The request side can take more bytes again. */
  attemptDrain(): void;
  attemptEnd(outcome: AttemptEnd): void;
}

/** The request's options, frozen and shared: Node copies them (an object literal per call otherwise). */
const REQUEST_OPTIONS = Object.freeze({ endStream: false });

/** The attempt a stream belongs to, so the stream's listeners can be shared functions. */
const ATTEMPT = Symbol('dubbo-mesh.attempt');

type AttemptStream = ChannelStream & { [ATTEMPT]?: OutboundAttempt };

// Listeners shared by every stream (Node calls them with the stream as `this`): no closures per call.
function onStreamResponse(this: AttemptStream, headers: IncomingHeaders, flags: number): void {
  this[ATTEMPT]?.onResponse(headers, flags);
}
function onStreamData(this: AttemptStream, chunk: Buffer): void {
  this[ATTEMPT]?.events.attemptData(chunk);
}
function onStreamTrailers(this: AttemptStream, trailers: IncomingHeaders): void {
  this[ATTEMPT]?.events.attemptTrailers(trailers);
}
function onStreamDrain(this: AttemptStream): void {
  this[ATTEMPT]?.events.attemptDrain();
}
function onStreamClose(this: AttemptStream): void {
  this[ATTEMPT]?.onClose();
}
// Every stream needs an 'error' listener (http2-notes.md); the outcome is read on 'close'.
function ignoreError(): void {}

/**
 * One HTTP/2 stream to one provider, on that provider's channel (sessions, GOAWAY, keepalive and
 * reconnect are the channel's business). It moves bytes and reports events; it never parses a frame.
 */
export class OutboundAttempt {
  private stream: AttemptStream | undefined;
  private entry: SessionHandle | undefined;
  private gotResponse = false;
  private cancelled = false;
  /** 'drain' is listened to only once a write was refused: most calls never need it. */
  private drainListened = false;

  constructor(
    private readonly channel: Http2Channel,
    /** Where the attempt's events go. */
    readonly events: AttemptEvents,
  ) {}

  /** Opens the stream; returns how it ended instead when it could not even be opened. */
  open(headers: Readonly<Record<string, string>>): AttemptEnd | undefined {
    let entry: SessionHandle;
    try {
      entry = this.channel.acquire();
    } catch (err) {
      // The channel backs off after a failed connect and refuses at once: nothing was sent.
      return { kind: 'unreachable', reason: err instanceof Error ? err.message : String(err) };
    }
    let stream: ChannelStream;
    try {
      stream = entry.session.request(headers, REQUEST_OPTIONS);
    } catch (err) {
      // The session took a GOAWAY between acquire and request: the stream was never created.
      this.channel.release(entry);
      this.channel.retire(entry);
      return { kind: 'refused', reason: err instanceof Error ? err.message : String(err) };
    }
    const tagged = stream as AttemptStream;
    tagged[ATTEMPT] = this;
    this.stream = tagged;
    this.entry = entry;
    stream.on('response', onStreamResponse);
    stream.on('data', onStreamData);
    stream.on('trailers', onStreamTrailers);
    stream.on('error', ignoreError);
    stream.on('close', onStreamClose);
    return undefined;
  }

  write(chunk: Buffer): boolean {
    const stream = this.stream;
    if (!stream || stream.destroyed || stream.writableEnded) return true;
    if (stream.write(chunk)) return true;
    if (!this.drainListened) {
      this.drainListened = true;
      stream.on('drain', onStreamDrain);
    }
    return false;
  }

  end(): void {
    const stream = this.stream;
    if (stream && !stream.destroyed && !stream.writableEnded) stream.end();
  }

  pause(): void {
    this.stream?.pause();
  }

  resume(): void {
    this.stream?.resume();
  }

  /** RST_STREAM CANCEL: the provider sees a cancellation, not an internal error (http2-notes.md). */
  cancel(): void {
    this.cancelled = true;
    const stream = this.stream;
    if (stream && !stream.closed) stream.close(NGHTTP2_CANCEL);
  }

  /** @internal The stream's response headers arrived. */
  onResponse(headers: IncomingHeaders, flags: number): void {
    this.gotResponse = true;
    this.events.attemptResponse(headers, (flags & NGHTTP2_FLAG_END_STREAM) !== 0);
  }

  /** @internal The stream closed: how the attempt ended. */
  onClose(): void {
    this.events.attemptEnd(this.closed(this.stream!, this.entry!));
  }

  private closed(stream: ChannelStream, entry: SessionHandle): AttemptEnd {
    this.channel.release(entry);
    if (this.cancelled) return { kind: 'cancelled' };
    const rst = stream.rstCode ?? NGHTTP2_NO_ERROR;
    if (!this.gotResponse && !entry.connected) {
      const cause = this.channel.lastConnectionError;
      return { kind: 'unreachable', reason: cause?.message ?? 'connection failed' };
    }
    // No stream id means nghttp2 never sent the HEADERS (a GOAWAY arrived first): nothing left here.
    if (!this.gotResponse && (rst === NGHTTP2_REFUSED_STREAM || stream.pending)) {
      this.channel.retire(entry);
      return { kind: 'refused', reason: 'stream refused by the provider' };
    }
    if (rst === NGHTTP2_NO_ERROR) {
      return this.gotResponse
        ? { kind: 'done' }
        : { kind: 'lost', reason: 'stream ended without a response' };
    }
    if (entry.session.destroyed) {
      const cause = this.channel.lastConnectionError;
      return { kind: 'lost', reason: `connection lost${cause ? `: ${cause.message}` : ''}` };
    }
    return { kind: 'reset', code: rst };
  }
}
