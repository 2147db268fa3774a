import http2, {
  type ClientHttp2Stream,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http2';
import type { IncomingHeaders } from '@dubbo-mesh/codec-triple';
import type { Http2Channel } from '@dubbo-mesh/sdk-core';

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

/** What the attempt reports, in wire order. */
export interface AttemptEvents {
  response(headers: IncomingHeaders, endStream: boolean): void;
  data(chunk: Buffer): void;
  trailers(trailers: IncomingHttpHeaders): void;
  /** The request side can take more bytes again. */
  drain(): void;
  end(outcome: AttemptEnd): void;
}

/**
 * One HTTP/2 stream to one provider, on that provider's channel (sessions, GOAWAY, keepalive and
 * reconnect are the channel's business). It moves bytes and reports events; it never parses a frame.
 */
export class OutboundAttempt {
  private stream: ClientHttp2Stream | undefined;
  private gotResponse = false;
  private cancelled = false;

  constructor(
    private readonly channel: Http2Channel,
    private readonly events: AttemptEvents,
  ) {}

  /** Opens the stream; returns how it ended instead when it could not even be opened. */
  open(headers: OutgoingHttpHeaders): AttemptEnd | undefined {
    let entry: SessionHandle;
    try {
      entry = this.channel.acquire();
    } catch (err) {
      // The channel backs off after a failed connect and refuses at once: nothing was sent.
      return { kind: 'unreachable', reason: err instanceof Error ? err.message : String(err) };
    }
    let stream: ClientHttp2Stream;
    try {
      stream = entry.session.request(headers, { endStream: false });
    } catch (err) {
      // The session took a GOAWAY between acquire and request: the stream was never created.
      this.channel.release(entry);
      this.channel.retire(entry);
      return { kind: 'refused', reason: err instanceof Error ? err.message : String(err) };
    }
    this.stream = stream;
    stream.on('response', (response: IncomingHeaders, flags: number) => {
      this.gotResponse = true;
      this.events.response(response, (flags & NGHTTP2_FLAG_END_STREAM) !== 0);
    });
    stream.on('data', (chunk: Buffer) => this.events.data(chunk));
    stream.on('trailers', (trailers: IncomingHttpHeaders) => this.events.trailers(trailers));
    stream.on('drain', () => this.events.drain());
    // Every stream needs an 'error' listener (http2-notes.md); the outcome is read on 'close'.
    stream.on('error', () => undefined);
    stream.on('close', () => this.events.end(this.closed(stream, entry)));
    return undefined;
  }

  write(chunk: Buffer): boolean {
    const stream = this.stream;
    if (!stream || stream.destroyed || stream.writableEnded) return true;
    return stream.write(chunk);
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

  private closed(stream: ClientHttp2Stream, entry: SessionHandle): AttemptEnd {
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
